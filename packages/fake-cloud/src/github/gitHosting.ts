import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEAD_COMMITTER } from './commitHistory';
import { Reply } from './replies';
import {
  FakeGithubGitChange,
  FakeGithubGitCommit,
  FakeGithubRepo,
} from './types';

/**
 * Git over HTTP for the repositories created through the API: one bare
 * repository each, in a temporary directory the fake owns, served by git's
 * own CGI program, `git http-backend` (smart HTTP: clone, fetch and push, as
 * on GitHub at `/{owner}/{repo}.git`). After each push the repository's
 * files and default-branch history are read back from the bare repository
 * into the `FakeGithubRepo`, so the REST and GraphQL APIs serve what was
 * pushed.
 */

export type GitEndpoint = 'info/refs' | 'git-upload-pack' | 'git-receive-pack';

export type GitPath = { owner: string; repo: string; endpoint: GitEndpoint };

/** `/{owner}/{repo}.git/info/refs`, `.../git-upload-pack`, `.../git-receive-pack` (`.git` optional, as on GitHub). */
export function parseGitPath(path: string): GitPath | undefined {
  const match =
    /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/.exec(
      path,
    );
  if (!match) return undefined;
  return {
    owner: match[1],
    repo: match[2],
    endpoint: match[3] as GitEndpoint,
  };
}

/** How many commits of the default branch are read back after a push. */
const MAX_HISTORY = 1000;

type Hosted = {
  /** The bare repository's directory name under the root, e.g. `1-new-service.git`. */
  dir: string;
  /** Branch -> head commit, as of the last push. */
  refs: Map<string, string>;
  /** The default branch's files, as bytes. */
  content: Record<string, Buffer>;
  /** Read-backs run one at a time, in push order. */
  queue: Promise<void>;
};

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoSeconds(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Drains a request body the fake does not pass on, so the client sees the answer, not a reset connection. */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise(resolve => {
    if (req.readableEnded) {
      resolve();
      return;
    }
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
}

/** `user:password` of a Basic Authorization header. */
function basicCredentials(
  header: string | undefined,
): { user: string; password: string } | undefined {
  const match = /^basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The end of a CGI header block (`\r\n\r\n` or `\n\n`), if it has arrived. */
function headerEnd(data: Buffer): { at: number; length: number } | undefined {
  const crlf = data.indexOf('\r\n\r\n');
  const lf = data.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

function parseCgiHeaders(block: string): {
  status: number;
  headers: Record<string, string>;
} {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

function changeStatus(letter: string): FakeGithubGitChange['status'] {
  if (letter === 'A') return 'added';
  if (letter === 'D') return 'removed';
  return 'modified';
}

/** Unit and record separators: `git log` fields and commits. */
const FS = '\x1f';
const RS = '\x1e';
const LOG_FORMAT =
  '%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1f';

/** One commit of `git log -z --raw --numstat --format=LOG_FORMAT`. */
function parseLogRecord(record: string): FakeGithubGitCommit {
  const fields: string[] = [];
  let at = 0;
  for (let i = 0; i < 8; i++) {
    const next = record.indexOf(FS, at);
    fields.push(record.slice(at, next));
    at = next + 1;
  }
  const messageEnd = record.lastIndexOf(FS);
  const message = record.slice(at, messageEnd).replace(/\n+$/, '');
  const [sha, parents, an, ae, aDate, cn, ce, cDate] = fields;

  // --raw entries (`:mode mode old new X`, then the path), then --numstat
  // entries (`added<TAB>deleted<TAB>path`; `-` for binary files).
  const tokens = record
    .slice(messageEnd + 1)
    .split('\0')
    .map(token => token.replace(/^\n/, ''));
  const raw: Array<Omit<FakeGithubGitChange, 'additions' | 'deletions'>> = [];
  const counts = new Map<string, { additions: number; deletions: number }>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.startsWith(':')) {
      const [, , oldSha, newSha, letter] = token.slice(1).split(' ');
      const status = changeStatus(letter);
      raw.push({
        path: tokens[++i],
        status,
        sha: status === 'removed' ? oldSha : newSha,
      });
      continue;
    }
    const numstat = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(token);
    if (numstat) {
      counts.set(numstat[3], {
        additions: Number(numstat[1]) || 0,
        deletions: Number(numstat[2]) || 0,
      });
    }
  }
  return {
    sha,
    parents: parents ? parents.split(' ') : [],
    message,
    author: { name: an, email: ae, date: isoSeconds(aDate) },
    committer: { name: cn, email: ce, date: isoSeconds(cDate) },
    changes: raw.map(change => ({
      ...change,
      ...(counts.get(change.path) ?? { additions: 0, deletions: 0 }),
    })),
  };
}

export class GitHosting {
  /**
   * Creates the directory the bare repositories live in. `changed` is told
   * when a push changed a repository (e.g. to drop what was cached from it).
   */
  static async create(
    changed: (repo: FakeGithubRepo) => void,
  ): Promise<GitHosting> {
    const root = await mkdtemp(join(tmpdir(), 'fake-github-git-'));
    return new GitHosting(root, changed);
  }

  private readonly hosted = new WeakMap<FakeGithubRepo, Hosted>();
  private created = 0;

  private constructor(
    private readonly root: string,
    private readonly changed: (repo: FakeGithubRepo) => void,
  ) {}

  /** Whether the repository is served over git (it was created through the API). */
  isHosted(repo: FakeGithubRepo): boolean {
    return this.hosted.has(repo);
  }

  /** Branch -> head commit of a hosted repository. */
  refs(repo: FakeGithubRepo): ReadonlyMap<string, string> | undefined {
    return this.hosted.get(repo)?.refs;
  }

  /** The default branch's files of a hosted repository, as bytes. */
  contentOf(repo: FakeGithubRepo): Record<string, Buffer> | undefined {
    return this.hosted.get(repo)?.content;
  }

  /**
   * Creates the (empty) bare repository for a repository created through the
   * API; with `readme`, commits it as README.md first, like GitHub's `auto_init`.
   */
  async init(repo: FakeGithubRepo, readme?: string): Promise<void> {
    this.created += 1;
    const hosted: Hosted = {
      dir: `${this.created}-${repo.name.toLowerCase()}.git`,
      refs: new Map(),
      content: {},
      queue: Promise.resolve(),
    };
    const branch = repo.defaultBranch ?? 'main';
    await this.git(undefined, [
      'init',
      '--bare',
      '--quiet',
      '--template=',
      `--initial-branch=${branch}`,
      join(this.root, hosted.dir),
    ]);
    this.hosted.set(repo, hosted);
    if (readme === undefined) return;

    const blob = await this.git(
      hosted,
      ['hash-object', '-w', '--stdin'],
      readme,
    );
    const tree = await this.git(
      hosted,
      ['mktree'],
      `100644 blob ${blob.toString().trim()}\tREADME.md\n`,
    );
    const commit = await this.git(
      hosted,
      ['commit-tree', tree.toString().trim(), '-m', 'Initial commit'],
      undefined,
      {
        GIT_AUTHOR_NAME: HEAD_COMMITTER.name,
        GIT_AUTHOR_EMAIL: HEAD_COMMITTER.email,
        GIT_COMMITTER_NAME: 'GitHub',
        GIT_COMMITTER_EMAIL: 'noreply@github.com',
      },
    );
    await this.git(hosted, [
      'update-ref',
      `refs/heads/${branch}`,
      commit.toString().trim(),
    ]);
    await this.readBack(repo, hosted);
  }

  /**
   * Answers a git request for a repository (undefined when there is none):
   * with a token configured, Basic auth must carry it as the password, like
   * GitHub takes an app's token (`x-access-token:<token>`). Resolves to the
   * status answered.
   */
  async answer(
    req: IncomingMessage,
    res: ServerResponse,
    target: {
      repo: FakeGithubRepo | undefined;
      endpoint: GitEndpoint;
      query: string;
      token: string | undefined;
    },
  ): Promise<number> {
    const credentials = basicCredentials(req.headers.authorization);
    if (target.token !== undefined && credentials?.password !== target.token) {
      return this.reject(req, res, {
        status: 401,
        raw: Buffer.from(
          credentials
            ? 'Invalid username or token. Password authentication is not supported for Git operations.\n'
            : 'Authentication required\n',
        ),
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'www-authenticate': 'Basic realm="GitHub"',
        },
      });
    }
    const hosted = target.repo && this.hosted.get(target.repo);
    if (!target.repo || !hosted) {
      return this.reject(req, res, {
        status: 404,
        raw: Buffer.from('Repository not found.\n'),
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    return this.serve(req, res, target.repo, hosted, {
      endpoint: target.endpoint,
      query: target.query,
      user: credentials?.user || 'anonymous',
    });
  }

  /** Answers a git request with `reply` (a fault, a refusal), draining what the client sent. */
  async reject(
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
  ): Promise<number> {
    await drain(req);
    const body =
      reply.raw ??
      Buffer.from(reply.json === undefined ? '' : JSON.stringify(reply.json));
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      ...reply.headers,
      'content-length': String(body.length),
    });
    res.end(body);
    return reply.status;
  }

  async close(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  /** Runs `git http-backend` for the request, streaming its answer back. */
  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    repo: FakeGithubRepo,
    hosted: Hosted,
    request: { endpoint: GitEndpoint; query: string; user: string },
  ): Promise<number> {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const cgi: Record<string, string | undefined> = {
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${hosted.dir}/${request.endpoint}`,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: request.query,
      CONTENT_TYPE: header('content-type'),
      CONTENT_LENGTH: header('content-length'),
      // http-backend inflates gzip request bodies itself.
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      HTTP_GIT_PROTOCOL: header('git-protocol'),
      // receive-pack (push) is only allowed to an authenticated user.
      REMOTE_USER: request.user,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    };
    const env = this.env(
      Object.fromEntries(
        Object.entries(cgi).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
    );

    return new Promise((resolve, reject) => {
      const child = spawn('git', ['http-backend'], {
        env,
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      child.stdin.on('error', () => {}); // it may answer before reading everything
      req.pipe(child.stdin);

      let status: number | undefined;
      let head = Buffer.alloc(0);
      const write = (chunk: Buffer) => {
        if (chunk.length > 0 && !res.write(chunk)) {
          child.stdout.pause();
          res.once('drain', () => child.stdout.resume());
        }
      };
      child.stdout.on('data', (chunk: Buffer) => {
        if (status !== undefined) {
          write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const end = headerEnd(head);
        if (!end) return;
        const parsed = parseCgiHeaders(
          head.subarray(0, end.at).toString('latin1'),
        );
        status = parsed.status;
        res.writeHead(status, parsed.headers);
        write(head.subarray(end.at + end.length));
      });
      child.on('error', reject);
      child.on('close', code => {
        const finish = async () => {
          if (status === undefined) {
            status = 500;
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
            res.write('git http-backend failed\n');
          } else if (
            request.endpoint === 'git-receive-pack' &&
            code === 0 &&
            status === 200
          ) {
            // Before the answer ends, so the pusher's next API call sees the push.
            try {
              await this.readBack(repo, hosted);
            } finally {
              res.end();
            }
            return status;
          }
          res.end();
          return status;
        };
        finish().then(resolve, reject);
      });
    });
  }

  /**
   * Reads the pushed state back into the repository: its branches, the
   * default branch's files and history, when it was pushed to.
   */
  private readBack(repo: FakeGithubRepo, hosted: Hosted): Promise<void> {
    const next = hosted.queue.then(async () => {
      const refs = new Map<string, string>();
      const listing = await this.git(hosted, [
        'for-each-ref',
        '--format=%(refname:strip=2)%00%(objectname)',
        'refs/heads',
      ]);
      for (const line of listing.toString('utf8').split('\n')) {
        const [branch, sha] = line.split('\0');
        if (branch && sha) refs.set(branch, sha);
      }

      let branch = repo.defaultBranch ?? 'main';
      if (!refs.has(branch) && refs.size > 0 && !repo.commits?.length) {
        // GitHub makes the first branch pushed to an empty repository its default.
        branch = [...refs.keys()].sort()[0];
        await this.git(hosted, [
          'symbolic-ref',
          'HEAD',
          `refs/heads/${branch}`,
        ]);
        repo.defaultBranch = branch;
      }
      const head = refs.get(branch);
      const content = head ? await this.readFiles(hosted, head) : {};
      const commits = head ? await this.readHistory(hosted, head) : [];

      const moved =
        refs.size !== hosted.refs.size ||
        [...refs].some(([name, sha]) => hosted.refs.get(name) !== sha);
      hosted.refs = refs;
      hosted.content = content;
      repo.files = Object.fromEntries(
        Object.entries(content).map(([path, bytes]) => [
          path,
          bytes.toString('utf8'),
        ]),
      );
      repo.commits = commits;
      delete repo.fileDates;
      if (moved) repo.pushedAt = nowIso();
      this.changed(repo);
    });
    hosted.queue = next.catch(() => {});
    return next;
  }

  /** The files of a commit's tree (submodules left out), as bytes. */
  private async readFiles(
    hosted: Hosted,
    commit: string,
  ): Promise<Record<string, Buffer>> {
    const listing = await this.git(hosted, [
      'ls-tree',
      '-r',
      '-z',
      '--full-tree',
      commit,
    ]);
    const blobs = listing
      .toString('utf8')
      .split('\0')
      .map(line => /^\d+ blob ([0-9a-f]+)\t([\s\S]+)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(match => ({ sha: match[1], path: match[2] }));
    if (blobs.length === 0) return {};

    // `git cat-file --batch`: `<sha> blob <size>\n<content>\n` for each.
    const out = await this.git(
      hosted,
      ['cat-file', '--batch'],
      blobs.map(b => `${b.sha}\n`).join(''),
    );
    const files: Record<string, Buffer> = {};
    let at = 0;
    for (const { path } of blobs) {
      const lineEnd = out.indexOf('\n', at);
      const size = Number(out.subarray(at, lineEnd).toString().split(' ')[2]);
      files[path] = Buffer.from(out.subarray(lineEnd + 1, lineEnd + 1 + size));
      at = lineEnd + 1 + size + 1;
    }
    return files;
  }

  /** The commits reachable from `head`, newest first, with what each changed. */
  private async readHistory(
    hosted: Hosted,
    head: string,
  ): Promise<FakeGithubGitCommit[]> {
    const out = await this.git(hosted, [
      'log',
      '-z',
      '--root',
      '--no-renames',
      '--diff-merges=first-parent',
      '--raw',
      '--numstat',
      '--no-abbrev',
      `--max-count=${MAX_HISTORY}`,
      `--format=${LOG_FORMAT}`,
      head,
    ]);
    return out
      .toString('utf8')
      .split(RS)
      .filter(record => record.length > 0)
      .map(parseLogRecord);
  }

  /** The environment git runs in: no system or user configuration. */
  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: devNull,
      ...extra,
    };
  }

  /** Runs git in a bare repository (or, without one, the root); resolves to its stdout. */
  private git(
    hosted: Hosted | undefined,
    args: string[],
    input?: string,
    extraEnv: Record<string, string> = {},
  ): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: hosted ? join(this.root, hosted.dir) : this.root,
        env: this.env({
          ...(hosted ? { GIT_DIR: join(this.root, hosted.dir) } : {}),
          ...extraEnv,
        }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', code => {
        if (code === 0) resolve(Buffer.concat(out));
        else {
          reject(
            new Error(
              `git ${args[0]} failed (${code}): ${Buffer.concat(err)
                .toString('utf8')
                .trim()}`,
            ),
          );
        }
      });
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    });
  }
}
