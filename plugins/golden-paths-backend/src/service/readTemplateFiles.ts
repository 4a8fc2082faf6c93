import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A template directory's file, as the scaffolder's dry-run API takes it. */
export type TemplateFile = { path: string; base64Content: string };

/** Beyond this a template directory is refused rather than sent whole. */
export const MAX_TEMPLATE_FILES = 2000;
export const MAX_TEMPLATE_BYTES = 20 * 1024 * 1024;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

const LOCATION_ANNOTATIONS = [
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

/** Where a template's `template.yaml` was read from: `file:/…` or `url:https://…`. */
export function templateLocation(template: Entity): {
  type: 'file' | 'url';
  target: string;
} {
  for (const key of LOCATION_ANNOTATIONS) {
    const value = template.metadata.annotations?.[key];
    const match = value && /^(file|url):(.+)$/.exec(value);
    if (match) return { type: match[1] as 'file' | 'url', target: match[2] };
  }
  throw new InputError(
    `Template ${template.metadata.name} has no file: or url: location, so its files cannot be read`,
  );
}

async function walk(root: string, dir: string, files: string[]) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) {
        await walk(root, join(dir, entry.name), files);
      }
    } else if (entry.isFile()) {
      files.push(join(dir, entry.name));
    }
    if (files.length > MAX_TEMPLATE_FILES) {
      throw new InputError(
        `The template directory has more than ${MAX_TEMPLATE_FILES} files`,
      );
    }
  }
}

class SizeBudget {
  private used = 0;
  add(bytes: number) {
    this.used += bytes;
    if (this.used > MAX_TEMPLATE_BYTES) {
      throw new InputError(
        `The template directory is larger than ${
          MAX_TEMPLATE_BYTES / 1024 / 1024
        } MB`,
      );
    }
  }
}

/**
 * Every file in a stored template's directory (the one its `template.yaml`
 * is in, skeleton included), with paths relative to it — read from disk for
 * a `file:` location, through the URL reader (GitHub, …) for a `url:` one.
 */
export async function readTemplateFiles(
  template: Entity,
  reader: UrlReaderService,
): Promise<TemplateFile[]> {
  const location = templateLocation(template);
  const budget = new SizeBudget();
  const result: TemplateFile[] = [];

  if (location.type === 'file') {
    const path = location.target.startsWith('file://')
      ? fileURLToPath(location.target)
      : location.target;
    const root = dirname(path);
    const paths: string[] = [];
    await walk(root, root, paths);
    for (const file of paths.sort()) {
      const content = await fs.readFile(file);
      budget.add(content.length);
      result.push({
        path: relative(root, file).split(sep).join('/'),
        base64Content: content.toString('base64'),
      });
    }
    return result;
  }

  const tree = await reader.readTree(new URL('./', location.target).toString());
  for (const file of await tree.files()) {
    const content = await file.content();
    budget.add(content.length);
    result.push({ path: file.path, base64Content: content.toString('base64') });
    if (result.length > MAX_TEMPLATE_FILES) {
      throw new InputError(
        `The template directory has more than ${MAX_TEMPLATE_FILES} files`,
      );
    }
  }
  return result.sort((a, b) => a.path.localeCompare(b.path, 'en'));
}
