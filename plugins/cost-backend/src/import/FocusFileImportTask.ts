import { LoggerService } from '@backstage/backend-plugin-api';
import { CostImport } from '@internal/plugin-cost-common';
import { createReadStream, promises as fs } from 'fs';
import { basename } from 'path';
import { Readable } from 'stream';
import { createGunzip } from 'zlib';
import { FocusFileImportConfig } from '../config/readCostConfig';
import { CostImportStore } from '../database/CostImportStore';
import { FocusFileImporter } from './FocusFileImporter';

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
 * A configured FOCUS file (`cost.imports.focusFiles`), imported on the
 * scheduler: skipped while its size and modification time are those of
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
    let stat;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      logger.warn(
        `Cost import of ${source}: cannot read ${path}: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
    const fileName = basename(path);
    const fingerprint = `${stat.size}:${stat.mtimeMs}`;
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
    return importer.importFile(
      isParquet(path)
        ? { ...file, format: 'parquet', path }
        : { ...file, input: openFocusFile(path) },
    );
  }
}
