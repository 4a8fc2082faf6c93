import {
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AsyncBuffer } from 'hyparquet';
import { Readable } from 'stream';
import { createGunzip } from 'zlib';

/** `s3://bucket/key` → its bucket and key; undefined for anything else. */
export function parseS3Url(
  url: string,
): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

export type S3Connection = {
  region: string;
  /** Another endpoint (a VPC endpoint, MinIO; a local fake in tests), addressed path-style. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/**
 * A FOCUS export in an S3 bucket (where AWS Data Exports and most
 * exporters write): its fingerprint (ETag, size and Last-Modified, so an
 * unchanged object is skipped), a CSV stream (gunzipped when the key ends
 * in `.gz`), or a Parquet file read by byte ranges — the footer, then row
 * group by row group — never downloaded whole.
 */
export class S3FocusObject {
  private readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;

  constructor(url: string, connection: S3Connection) {
    const location = parseS3Url(url);
    if (!location) throw new Error(`${url} is not an s3://bucket/key URL`);
    this.bucket = location.bucket;
    this.key = location.key;
    this.client = new S3Client({
      region: connection.region,
      ...(connection.endpoint
        ? { endpoint: connection.endpoint, forcePathStyle: true }
        : {}),
      ...(connection.credentials
        ? { credentials: connection.credentials }
        : {}),
    });
  }

  async head(): Promise<{ fingerprint: string; size: number }> {
    const head = await this.client.send(
      new HeadObjectCommand({ Bucket: this.bucket, Key: this.key }),
    );
    const size = head.ContentLength ?? 0;
    return {
      fingerprint: `${head.ETag}:${size}:${head.LastModified?.toISOString()}`,
      size,
    };
  }

  async openCsv(): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.key }),
    );
    const body = object.Body as Readable;
    if (!this.key.endsWith('.gz')) return body;
    const gunzip = createGunzip();
    body.on('error', error => gunzip.destroy(error));
    return body.pipe(gunzip);
  }

  /** The object as hyparquet reads files: its size and byte ranges. */
  asyncBuffer(size: number): AsyncBuffer {
    return {
      byteLength: size,
      slice: async (start: number, end?: number) => {
        const last = (end ?? size) - 1;
        if (last < start) return new ArrayBuffer(0);
        const object = await this.client.send(
          new GetObjectCommand({
            Bucket: this.bucket,
            Key: this.key,
            Range: `bytes=${start}-${last}`,
          }),
        );
        const bytes = await object.Body!.transformToByteArray();
        return bytes.buffer.slice(
          bytes.byteOffset,
          bytes.byteOffset + bytes.byteLength,
        ) as ArrayBuffer;
      },
    };
  }
}
