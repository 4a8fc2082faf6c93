import {
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { FakeS3Server, startFakeS3 } from './startFakeS3';

describe('startFakeS3', () => {
  let s3: FakeS3Server;
  const client = (accessKeyId = 'AKIDEXAMPLE') =>
    new S3Client({
      endpoint: s3.url,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey: 'secret' },
      maxAttempts: 1,
    });

  beforeEach(async () => {
    s3 = await startFakeS3({ credentials: { accessKeyId: 'AKIDEXAMPLE' } });
    s3.putObject('exports', 'focus/2026-11/part-0.csv', 'a,b\n1,2\n');
  });
  afterEach(() => s3.close());

  it('serves objects, their ETag and Last-Modified, and byte ranges', async () => {
    const head = await client().send(
      new HeadObjectCommand({
        Bucket: 'exports',
        Key: 'focus/2026-11/part-0.csv',
      }),
    );
    expect(head.ContentLength).toBe(8);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(head.LastModified).toBeInstanceOf(Date);
    const whole = await client().send(
      new GetObjectCommand({
        Bucket: 'exports',
        Key: 'focus/2026-11/part-0.csv',
      }),
    );
    expect(await whole.Body!.transformToString()).toBe('a,b\n1,2\n');
    const part = await client().send(
      new GetObjectCommand({
        Bucket: 'exports',
        Key: 'focus/2026-11/part-0.csv',
        Range: 'bytes=4-6',
      }),
    );
    expect(part.ContentRange).toBe('bytes 4-6/8');
    expect(await part.Body!.transformToString()).toBe('1,2');
    expect(s3.requests.map(r => [r.method, r.status])).toEqual([
      ['HEAD', 200],
      ['GET', 200],
      ['GET', 206],
    ]);
  });

  it('answers S3’s errors as the SDK names them', async () => {
    const error = (promise: Promise<unknown>) => promise.catch(e => e.name);
    expect(
      await error(
        client().send(new GetObjectCommand({ Bucket: 'exports', Key: 'nope' })),
      ),
    ).toBe('NoSuchKey');
    expect(
      await error(
        client().send(new GetObjectCommand({ Bucket: 'other', Key: 'x' })),
      ),
    ).toBe('NoSuchBucket');
    expect(
      await error(
        client('AKIDOTHER').send(
          new GetObjectCommand({
            Bucket: 'exports',
            Key: 'focus/2026-11/part-0.csv',
          }),
        ),
      ),
    ).toBe('InvalidAccessKeyId');
    s3.failNext({ status: 503, code: 'SlowDown' });
    expect(
      await error(
        client().send(
          new GetObjectCommand({
            Bucket: 'exports',
            Key: 'focus/2026-11/part-0.csv',
          }),
        ),
      ),
    ).toBe('SlowDown');
  });
});
