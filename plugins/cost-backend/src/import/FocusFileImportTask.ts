import { LoggerService } from '@backstage/backend-plugin-api';
import { CostImport } from '@internal/plugin-cost-common';
import { createReadStream, promises as fs } from 'fs';
import { basename } from 'path';
import { Readable } from 'stream';
import { createGunzip } from 'zlib';
import { FocusFileImportConfig } from '../config/readCostConfig';
import { CostImportStore } from '../database/CostImportStore';
import { FocusFileImporter } from './FocusFileImporter';
import { parseS3Url, S3FocusObject } from './S3FocusObject';

/** Whether a FOCUS file is Parquet (by its name), else CSV. */
export const isParquet = (name: string) => /\.parquet$/i.test(name);

/** A FOCUS CSV file, gunzipped when its name ends in `.gz`. */
export function openFocusFile(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', error => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/**
 * A configured FOCUS file (`cost.imports.focusFiles`) — a path, or an
 * `s3://bucket/key` object — imported on the scheduler: skipped while its
 * fingerprint (size and modification time; an object's ETag) is that of
 * its last import, otherwise imported (replacing its source's billing
 * periods).
 */
export class FocusFileImportTask {
  constructor(
    private readonly file: FocusFileImportConfig,
    private readonly deps: {
      importer: FocusFileImporter;
      imports: CostImportStore;
      logger: LoggerService;
    },
  ) {}

  get id(): string {
    return `cost-import-focus-file-${this.file.source}`;
  }

  /** The import, or undefined when the file is missing or unchanged. */
  async run(): Promise<CostImport | undefined> {
    const { source, path } = this.file;
    const { importer, imports, logger } = this.deps;
    const fileName = basename(path);
    const s3 = parseS3Url(path)
      ? new S3FocusObject(path, this.file.s3)
      : undefined;
    let fingerprint: string;
    let size = 0;
    try {
      if (s3) {
        ({ fingerprint, size } = await s3.head());
      } else {
        const stat = await fs.stat(path);
        fingerprint = `${stat.size}:${stat.mtimeMs}`;
      }
    } catch (error) {
      logger.warn(
        `Cost import of ${source}: cannot read ${path}: ${
          (error as Error).name
        }: ${(error as Error).message}`,
      );
      return undefined;
    }
    if ((await imports.latestFingerprint(source, fileName)) === fingerprint) {
      logger.debug(`Cost import of ${source}: ${path} unchanged, skipped`);
      return undefined;
    }
    const file = {
      source,
      fileName,
      fileFingerprint: fingerprint,
      startedBy: 'scheduler',
    };
    if (isParquet(path)) {
      return importer.importFile({
        ...file,
        format: 'parquet',
        file: s3 ? s3.asyncBuffer(size) : path,
      });
    }
    return importer.importFile({
      ...file,
      input: s3 ? await s3.openCsv() : openFocusFile(path),
    });
  }
}
