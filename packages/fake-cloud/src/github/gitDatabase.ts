import { createHash } from 'node:crypto';
import {
  buildGitTree,
  findTreeBySha,
  GitBlob,
  GitTree,
  listTree,
} from './gitObjects';
import { FakeGithubGitChange, FakeGithubGitSignature } from './types';

/**
 * What a repository's git data API (`POST /repos/{o}/{r}/git/blobs`,
 * `trees`, `commits`, `refs`) created, kept in memory beside the
 * repository: blobs, trees, commits and the branches pointing at them. The
 * default branch (a fixture's files, or what was pushed over git) is not
 * stored here; branches made through the API start from it and live only
 * here — they are not pushed into a hosted repository's bare git repository.
 */

/** A commit made through `POST /repos/{o}/{r}/git/commits`. */
export type StoredCommit = {
  sha: string;
  tree: GitTree;
  /** First parent first. */
  parents: string[];
  message: string;
  author: FakeGithubGitSignature;
  committer: FakeGithubGitSignature;
};

/** Where a branch points. */
export type BranchHead = { sha: string; tree: GitTree };

export class GitDatabase {
  /** Blobs created with `POST .../git/blobs`, by SHA. */
  readonly blobs = new Map<string, Buffer>();
  /** Root trees created with `POST .../git/trees`, by SHA. */
  readonly trees = new Map<string, GitTree>();
  readonly commits = new Map<string, StoredCommit>();
  /**
   * Branches created with `POST .../git/refs`: name -> head commit (made
   * here, or one of the default branch's) and its root tree.
   */
  readonly branches = new Map<string, BranchHead>();
  /** Numbers of the pull requests opened with `POST .../pulls`, in order. */
  readonly pullNumbers: number[] = [];

  /** A tree this database created (a root, or one of its sub-trees). */
  findTree(sha: string): GitTree | undefined {
    const wanted = sha.toLowerCase();
    const root = this.trees.get(wanted);
    if (root) return root;
    for (const tree of this.trees.values()) {
      const found = findTreeBySha(tree, wanted);
      if (found) return found;
    }
    return undefined;
  }

  /** A blob created here or held by a tree created here. */
  findBlob(sha: string): Buffer | undefined {
    const wanted = sha.toLowerCase();
    const created = this.blobs.get(wanted);
    if (created) return created;
    for (const tree of this.trees.values()) {
      const found = listTree(tree, true).find(
        (node): node is GitBlob => node.type === 'blob' && node.sha === wanted,
      );
      if (found) return found.content;
    }
    return undefined;
  }

  /** The commit a branch created here points at. */
  branchHead(branch: string): BranchHead | undefined {
    return this.branches.get(branch);
  }
}

/** Every file of a tree, path -> content. */
export function filesOf(tree: GitTree): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const node of listTree(tree, true)) {
    if (node.type === 'blob') {
      files.set(
        tree.path ? node.path.slice(tree.path.length + 1) : node.path,
        node.content,
      );
    }
  }
  return files;
}

export function treeOfFiles(files: Map<string, Buffer>): GitTree {
  return buildGitTree(Object.fromEntries(files));
}

/** git's hash of a blob. */
export function blobSha(content: Buffer): string {
  return createHash('sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
}

function signatureLine(role: string, who: FakeGithubGitSignature): string {
  const seconds = Math.floor(Date.parse(who.date) / 1000);
  return `${role} ${who.name} <${who.email}> ${seconds} +0000\n`;
}

/** git's hash of a commit object, as git would write it. */
export function commitSha(commit: Omit<StoredCommit, 'sha'>): string {
  const body = [
    `tree ${commit.tree.sha}\n`,
    ...commit.parents.map(parent => `parent ${parent}\n`),
    signatureLine('author', commit.author),
    signatureLine('committer', commit.committer),
    `\n${commit.message}`,
  ].join('');
  return createHash('sha1')
    .update(`commit ${Buffer.byteLength(body)}\0${body}`)
    .digest('hex');
}

/** Lines of a text, as `git diff --numstat` counts them (0 for binary content). */
function lineList(content: Buffer): string[] | undefined {
  if (content.includes(0)) return undefined;
  const text = content.toString('utf8');
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * Added and deleted lines between two versions of a file: lines of one not
 * matched in the other (as a multiset) — what a line diff reports when
 * lines are not moved around.
 */
function lineCounts(before: Buffer | undefined, after: Buffer | undefined) {
  const old = before ? lineList(before) : [];
  const next = after ? lineList(after) : [];
  if (old === undefined || next === undefined) {
    return { additions: 0, deletions: 0 };
  }
  const remaining = new Map<string, number>();
  for (const line of old) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of next) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else additions += 1;
  }
  const deletions = [...remaining.values()].reduce((sum, n) => sum + n, 0);
  return { additions, deletions };
}

/** What `head` changes against `base`, by path (git's byte order). */
export function diffFiles(
  base: Map<string, Buffer>,
  head: Map<string, Buffer>,
): FakeGithubGitChange[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const changes: FakeGithubGitChange[] = [];
  for (const path of paths) {
    const before = base.get(path);
    const after = head.get(path);
    if (before && after && before.equals(after)) continue;
    let status: FakeGithubGitChange['status'] = 'modified';
    if (!before) status = 'added';
    else if (!after) status = 'removed';
    changes.push({
      path,
      status,
      sha: blobSha((after ?? before)!),
      ...lineCounts(before, after),
    });
  }
  return changes;
}
