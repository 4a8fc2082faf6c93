import { DryRunFile } from '@internal/plugin-golden-paths-common';

/** `512 B`, `1.5 KiB`, `2.0 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export type Directory = {
  /** `''` for the top level, else `src/routes` (no trailing slash). */
  path: string;
  files: DryRunFile[];
};

/** The directory part of a path: `src/routes` for `src/routes/health.ts`. */
function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The file name part of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Files grouped by their directory: the top level first, then directories
 * in path order; files by name within each.
 */
export function groupByDirectory(files: DryRunFile[]): Directory[] {
  const byPath = new Map<string, DryRunFile[]>();
  for (const file of files) {
    const directory = directoryOf(file.path.replace(/^\.?\//, ''));
    byPath.set(directory, [...(byPath.get(directory) ?? []), file]);
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => {
      // The top level (`''`) first.
      if (a === '' || b === '') return a === '' ? -1 : 1;
      return a.localeCompare(b, 'en');
    })
    .map(([path, entries]) => ({
      path,
      files: [...entries].sort((a, b) => a.path.localeCompare(b.path, 'en')),
    }));
}
