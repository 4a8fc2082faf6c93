import { createHash } from 'node:crypto';

/**
 * Git objects for a repository's files, hashed the way git hashes them, so
 * blob and tree SHAs look (and behave) like the real thing: the same content
 * always has the same SHA, and a tree's SHA changes when anything below it does.
 */

export type GitBlob = {
  type: 'blob';
  name: string;
  path: string;
  sha: string;
  content: Buffer;
};

export type GitTree = {
  type: 'tree';
  name: string;
  /** '' for the root tree. */
  path: string;
  sha: string;
  entries: GitNode[];
};

export type GitNode = GitBlob | GitTree;

export const BLOB_MODE = '100644';
export const TREE_MODE = '040000';

function gitHash(type: 'blob' | 'tree', body: Buffer): string {
  return createHash('sha1')
    .update(`${type} ${body.length}\0`)
    .update(body)
    .digest('hex');
}

/** git sorts a tree's entries by name bytes, comparing sub-trees as `name/`. */
function gitOrder(a: GitNode, b: GitNode): number {
  const key = (n: GitNode) =>
    Buffer.from(n.type === 'tree' ? `${n.name}/` : n.name);
  return Buffer.compare(key(a), key(b));
}

type Draft = { files: Map<string, Buffer>; dirs: Map<string, Draft> };

function seal(name: string, path: string, draft: Draft): GitTree {
  const entries: GitNode[] = [];
  for (const [dirName, sub] of draft.dirs) {
    entries.push(seal(dirName, path ? `${path}/${dirName}` : dirName, sub));
  }
  for (const [fileName, content] of draft.files) {
    entries.push({
      type: 'blob',
      name: fileName,
      path: path ? `${path}/${fileName}` : fileName,
      sha: gitHash('blob', content),
      content,
    });
  }
  entries.sort(gitOrder);
  const body = Buffer.concat(
    entries.flatMap(entry => [
      Buffer.from(
        `${entry.type === 'tree' ? '40000' : BLOB_MODE} ${entry.name}\0`,
      ),
      Buffer.from(entry.sha, 'hex'),
    ]),
  );
  return { type: 'tree', name, path, sha: gitHash('tree', body), entries };
}

/** Builds the root tree for a `path -> content` map (text as utf8, or bytes). */
export function buildGitTree(files: Record<string, string | Buffer>): GitTree {
  const root: Draft = { files: new Map(), dirs: new Map() };
  for (const [filePath, content] of Object.entries(files)) {
    const parts = filePath.split('/').filter(Boolean);
    const fileName = parts.pop();
    if (!fileName) continue;
    let dir = root;
    for (const part of parts) {
      let next = dir.dirs.get(part);
      if (!next) {
        next = { files: new Map(), dirs: new Map() };
        dir.dirs.set(part, next);
      }
      dir = next;
    }
    dir.files.set(
      fileName,
      Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    );
  }
  return seal('', '', root);
}

/** A tree's entries in git's order; with `recursive`, each sub-tree's entries follow it. */
export function listTree(tree: GitTree, recursive: boolean): GitNode[] {
  return tree.entries.flatMap(entry =>
    recursive && entry.type === 'tree'
      ? [entry, ...listTree(entry, true)]
      : [entry],
  );
}

/** The node at `path` ('' or '/' is the root), if any. */
export function findByPath(root: GitTree, path: string): GitNode | undefined {
  let node: GitNode = root;
  for (const part of path.split('/').filter(Boolean)) {
    if (node.type !== 'tree') return undefined;
    const next: GitNode | undefined = node.entries.find(e => e.name === part);
    if (!next) return undefined;
    node = next;
  }
  return node;
}

/** The tree (root or nested) with this SHA, if any. */
export function findTreeBySha(root: GitTree, sha: string): GitTree | undefined {
  if (root.sha === sha) return root;
  for (const entry of root.entries) {
    if (entry.type === 'tree') {
      const found = findTreeBySha(entry, sha);
      if (found) return found;
    }
  }
  return undefined;
}
