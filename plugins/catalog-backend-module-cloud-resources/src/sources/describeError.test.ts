import { describeError } from './describeError';

describe('describeError', () => {
  it('says what AWS answered', () => {
    const error = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottledException',
      $metadata: { httpStatusCode: 400, attempts: 5 },
    });
    expect(describeError(error)).toBe(
      'ThrottledException (HTTP 400, 5 attempts): Rate exceeded',
    );
  });

  it('says what Azure answered', () => {
    const error = Object.assign(
      new Error('Encountered internal server error.'),
      {
        name: 'RestError',
        code: 'InternalServerError',
        statusCode: 500,
      },
    );
    expect(describeError(error)).toBe(
      'InternalServerError (HTTP 500): Encountered internal server error.',
    );
  });

  it('falls back to the error itself', () => {
    expect(describeError(new TypeError('fetch failed'))).toBe(
      'TypeError: fetch failed',
    );
  });
});
