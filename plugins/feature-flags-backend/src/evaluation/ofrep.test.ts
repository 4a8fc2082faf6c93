import { etagMatches, ofrepStatus, parseOfrepContext } from './ofrep';

describe('OFREP helpers', () => {
  it('parses contexts the protocol allows and refuses the rest', () => {
    expect(parseOfrepContext(undefined)).toEqual({ context: {} });
    expect(parseOfrepContext({})).toEqual({ context: {} });
    expect(
      parseOfrepContext({ context: { targetingKey: 'u', a: [1] } }),
    ).toEqual({
      context: { targetingKey: 'u', a: [1] },
    });
    expect(parseOfrepContext([1])).toMatchObject({
      error: { errorCode: 'INVALID_CONTEXT' },
    });
    expect(parseOfrepContext({ context: 'x' })).toMatchObject({
      error: {
        errorCode: 'INVALID_CONTEXT',
        errorDetails: 'context must be an object',
      },
    });
    expect(parseOfrepContext({ context: { targetingKey: 1 } })).toMatchObject({
      error: { errorDetails: 'context.targetingKey must be a string' },
    });
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(etagMatches(undefined, '"a"')).toBe(false);
    expect(etagMatches('"a"', '"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"b", "a"', '"a"')).toBe(true);
    expect(etagMatches('*', '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
  });

  it('gives 404 only for FLAG_NOT_FOUND', () => {
    expect(ofrepStatus({ key: 'a', reason: 'STATIC', value: 1 })).toBe(200);
    expect(ofrepStatus({ key: 'a', errorCode: 'FLAG_NOT_FOUND' })).toBe(404);
    expect(ofrepStatus({ key: 'a', errorCode: 'GENERAL' })).toBe(400);
  });
});
