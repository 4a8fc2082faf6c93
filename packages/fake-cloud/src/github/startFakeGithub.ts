import { createHash } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { historyOf, isEmptyRepo } from './commitHistory';
import { GitDatabase } from './gitDatabase';
import { branchFiles, openedPullRequests } from './gitDataRoutes';
import { GitHosting, GitPath, parseGitPath } from './gitHosting';
import { buildGitTree, GitTree } from './gitObjects';
import { answerGraphql, GRAPHQL_PATHS } from './graphqlEndpoint';
import { basicError } from './responses';
import { notFound, Reply, repoContext, route, sameName } from './routes';
import { routeWrite, WritableGithubState } from './writeRoutes';
import {
  FakeGithubFault,
  FakeGithubMember,
  FakeGithubOptions,
  FakeGithubOrg,
  FakeGithubOrgTeam,
  FakeGithubRepo,
  FakeGithubRequest,
  FakeGithubServer,
} from './types';

const RATE_LIMIT = 5000;
const RATE_LIMIT_WINDOW_SECONDS = 3600;
const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** GitHub's GraphQL rate limit is in points per hour, separate from REST's. */
const GRAPHQL_RATE_LIMIT = 5000;

type RateWindow = { used: number; reset: number };

function rateWindow(): RateWindow {
  return {
    used: 0,
    reset: Math.floor(Date.now() / 1000) + RATE_LIMIT_WINDOW_SECONDS,
  };
}

/** Starts a new window when the current one has run out. */
function spend(rate: RateWindow, points: number) {
  const now = Math.floor(Date.now() / 1000);
  if (now >= rate.reset) {
    rate.used = 0;
    rate.reset = now + RATE_LIMIT_WINDOW_SECONDS;
  }
  rate.used += points;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type PendingFault = {
  pattern: RegExp;
  fault: FakeGithubFault;
  skip: number;
  remaining: number;
};

function faultReply(fault: FakeGithubFault): Reply {
  const { status } = fault;
  let body = fault.body;
  if (body === undefined) {
    if (status === 403 || status === 429) {
      body = {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: RATE_LIMIT_DOCS,
      };
    } else if (status >= 500) {
      body = basicError('Server Error');
    } else {
      body = basicError(http.STATUS_CODES[status] ?? 'Error');
    }
  }
  const headers = Object.fromEntries(
    Object.entries(fault.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
  if (typeof body === 'string') {
    // e.g. an HTML error page from a proxy in front of GitHub
    return {
      status,
      raw: Buffer.from(body),
      headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    };
  }
  return { status, json: body, headers };
}

/** Whether an If-None-Match header names this ETag (weak and strong forms match alike). */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch
    .split(',')
    .some(tag => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Starts a fake GitHub for one organisation on 127.0.0.1: the REST API, with
 * the real API's shapes, headers, pagination, ETags and rate-limit headers,
 * and the GraphQL API at /graphql, executed against GitHub's public schema
 * over the same data. Octokit (and Backstage's GitHub integration and
 * providers) can be pointed at it. Repositories created through the API
 * (`POST /orgs/{org}/repos`, as the scaffolder's publish:github does) are
 * real git repositories, pushed to over HTTP at `${apiBaseUrl}/{org}/{name}.git`
 * (see gitHosting.ts); the API then serves what was pushed.
 */
export async function startFakeGithub(
  org: FakeGithubOrg,
  options: FakeGithubOptions = {},
): Promise<FakeGithubServer> {
  let repos: FakeGithubRepo[] = structuredClone(org.repos);
  let members: FakeGithubMember[] = structuredClone(org.members ?? []);
  let teams: FakeGithubOrgTeam[] = structuredClone(org.teams ?? []);
  const trees = new WeakMap<FakeGithubRepo, GitTree>();
  const gitDatabases = new WeakMap<FakeGithubRepo, GitDatabase>();
  const faults: PendingFault[] = [];
  const requests: FakeGithubRequest[] = [];
  const rate = rateWindow();
  const graphqlRate = rateWindow();
  let apiBaseUrl = '';
  // A push changes the repository's files: its tree is built anew.
  const hosting = await GitHosting.create(repo => trees.delete(repo));

  const state: WritableGithubState = {
    get org() {
      return { apiBaseUrl, login: org.login, name: org.name };
    },
    repos: () => repos,
    members: () => members,
    teams: () => teams,
    treeOf(repo: FakeGithubRepo) {
      let tree = trees.get(repo);
      if (!tree) {
        tree = buildGitTree(hosting.contentOf(repo) ?? repo.files ?? {});
        trees.set(repo, tree);
      }
      return tree;
    },
    branches(repo: FakeGithubRepo) {
      let branches: Map<string, string>;
      const pushed = hosting.refs(repo);
      if (pushed) {
        branches = new Map(pushed);
      } else if (isEmptyRepo(repo)) {
        branches = new Map();
      } else {
        const head = historyOf(repo, state.treeOf(repo)).head.sha;
        branches = new Map([[repo.defaultBranch ?? 'main', head]]);
      }
      for (const [name, head] of state.gitDatabase(repo).branches) {
        if (!branches.has(name)) branches.set(name, head.sha);
      }
      return branches;
    },
    gitDatabase(repo: FakeGithubRepo) {
      let db = gitDatabases.get(repo);
      if (!db) {
        db = new GitDatabase();
        gitDatabases.set(repo, db);
      }
      return db;
    },
    cloneUrlOf(repo: FakeGithubRepo) {
      return hosting.isHosted(repo)
        ? `${apiBaseUrl}/${org.login}/${repo.name}.git`
        : undefined;
    },
    async createRepo(repo: FakeGithubRepo, readme?: string) {
      const list = repos;
      list.push(repo); // at once, so a second request for the name finds it
      try {
        await hosting.init(repo, readme);
      } catch (error) {
        list.splice(list.indexOf(repo), 1);
        throw error;
      }
    },
    pageSizeLimit: options.pageSizeLimit ?? 100,
  };

  function takeFault(path: string): FakeGithubFault | undefined {
    const pending = faults.find(f => {
      f.pattern.lastIndex = 0; // a /g or /y pattern would otherwise remember its last match
      return f.pattern.test(path);
    });
    if (!pending) return undefined;
    if (pending.skip > 0) {
      pending.skip -= 1;
      return undefined;
    }
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults.splice(faults.indexOf(pending), 1);
    return pending.fault;
  }

  function isAuthorized(req: IncomingMessage): boolean {
    if (options.token === undefined) return true;
    const match = /^(?:token|bearer)\s+(.+)$/i.exec(
      req.headers.authorization ?? '',
    );
    return match?.[1].trim() === options.token;
  }

  /** Git over HTTP: no JSON, no rate limit; faults and the token apply. */
  async function handleGit(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    git: GitPath,
  ) {
    const fault = takeFault(url.pathname);
    let status = 500;
    try {
      status = fault
        ? await hosting.reject(req, res, faultReply(fault))
        : await hosting.answer(req, res, {
            repo: repos.find(r => sameName(r.name, git.repo)),
            endpoint: git.endpoint,
            query: url.search.slice(1),
            token: options.token,
          });
    } finally {
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status,
      });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', apiBaseUrl);
    const git = parseGitPath(url.pathname);
    if (git && sameName(git.owner, org.login)) {
      await handleGit(req, res, url, git);
      return;
    }
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const isGraphql = GRAPHQL_PATHS.has(url.pathname);
    const body = await readBody(req);
    const fault = takeFault(url.pathname);

    let reply: Reply;
    let graphql: FakeGithubRequest['graphql'];
    if (fault) {
      reply = faultReply(fault);
    } else if (!isAuthorized(req)) {
      reply = {
        status: 401,
        json: isGraphql
          ? {
              message: 'Bad credentials',
              documentation_url: 'https://docs.github.com/graphql',
            }
          : basicError('Bad credentials'),
      };
    } else {
      try {
        if (isGraphql) {
          if (method === 'POST') {
            const outcome = await answerGraphql(state, body, {
              limit: GRAPHQL_RATE_LIMIT,
              used: graphqlRate.used,
              reset: graphqlRate.reset,
            });
            reply = outcome.reply;
            graphql = {
              operationName: outcome.operationName,
              cost: outcome.cost,
            };
          } else {
            reply = notFound();
          }
        } else {
          const request = {
            method,
            path: url.pathname,
            query,
            accept: req.headers.accept ?? '',
          };
          reply =
            method === 'GET' || method === 'HEAD'
              ? route(state, request)
              : await routeWrite(state, { ...request, body });
        }
      } catch {
        reply = { status: 500, json: basicError('Server Error') };
      }
    }

    const responseBody =
      reply.raw ??
      Buffer.from(reply.json === undefined ? '' : JSON.stringify(reply.json));
    const etag = `W/"${createHash('sha256')
      .update(responseBody)
      .digest('hex')}"`;
    const notModified =
      !isGraphql &&
      reply.status === 200 &&
      !fault &&
      matchesEtag(req.headers['if-none-match'], etag);

    // Like GitHub, a 304 answer to a conditional request costs no rate limit;
    // a GraphQL request costs its query's points.
    const bucket = isGraphql ? graphqlRate : rate;
    const limit = isGraphql ? GRAPHQL_RATE_LIMIT : RATE_LIMIT;
    if (!notModified) spend(bucket, graphql?.cost ?? 1);

    const status = notModified ? 304 : reply.status;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - bucket.used)),
      'x-ratelimit-reset': String(bucket.reset),
      'x-ratelimit-used': String(bucket.used),
      'x-ratelimit-resource': isGraphql ? 'graphql' : 'core',
      ...(isGraphql
        ? { 'cache-control': 'no-cache' }
        : {
            'cache-control': 'private, max-age=60, s-maxage=60',
            vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
            etag,
          }),
      ...reply.headers,
      ...(notModified ? {} : { 'content-length': String(responseBody.length) }),
    });
    res.end(notModified ? undefined : responseBody);
    requests.push({
      method,
      path: url.pathname,
      query,
      status,
      ...(graphql ? { graphql } : {}),
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async error => {
    await hosting.close();
    throw error;
  });
  apiBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiBaseUrl,
    requests,
    setRepos(next) {
      repos = structuredClone(next);
    },
    setMembers(next) {
      members = structuredClone(next);
    },
    setTeams(next) {
      teams = structuredClone(next);
    },
    repo(name) {
      const repo = repos.find(r => sameName(r.name, name));
      return repo && structuredClone(repo);
    },
    pullRequests(name) {
      const repo = repos.find(r => sameName(r.name, name));
      return repo ? openedPullRequests(state, repoContext(state, repo)) : [];
    },
    branchFiles(name, branch) {
      const repo = repos.find(r => sameName(r.name, name));
      return repo && !isEmptyRepo(repo)
        ? branchFiles(state, repoContext(state, repo), branch)
        : undefined;
    },
    failNext(pathPattern, fault) {
      faults.push({
        pattern: pathPattern,
        fault,
        skip: fault.skip ?? 0,
        remaining: fault.times ?? 1,
      });
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await hosting.close();
    },
  };
}
