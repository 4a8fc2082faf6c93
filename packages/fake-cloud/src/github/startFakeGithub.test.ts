import { Octokit } from '@octokit/rest';
import { createHash } from 'node:crypto';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import { startFakeGithub } from './startFakeGithub';
import { FakeGithubOrg, FakeGithubServer } from './types';

const smallOrg: FakeGithubOrg = {
  login: 'acme',
  name: 'Acme',
  repos: [
    {
      name: 'rockets',
      description: 'Rocket launch service',
      topics: ['go'],
      language: 'Go',
      files: {
        'README.md': '# Rockets\n',
        'docs/runbooks/high-latency.md': '# High latency\n'.repeat(20),
        '.github/workflows/ci.yml': 'name: CI\n',
      },
      teams: [
        { slug: 'launch-team', permission: 'maintain' },
        { slug: 'readers', name: 'Read Only', permission: 'pull' },
      ],
    },
    { name: 'anvils', archived: true, visibility: 'public' },
  ],
};

function gitBlobSha(content: string): string {
  const body = Buffer.from(content);
  return createHash('sha1')
    .update(`blob ${body.length}\0`)
    .update(body)
    .digest('hex');
}

describe('startFakeGithub', () => {
  let server: FakeGithubServer;
  let octokit: Octokit;

  beforeEach(async () => {
    server = await startFakeGithub(smallOrg);
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });
  });

  afterEach(async () => {
    await server.close();
  });

  it('paginates the organisation repositories, each exactly once, sorted by name', async () => {
    await server.close();
    server = await startFakeGithub(lumenRetailGithubOrg());
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });

    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, {
      org: 'lumen-retail',
      type: 'all',
      per_page: 5,
    });

    const names = repos.map(r => r.name);
    expect(names).toHaveLength(21);
    expect(new Set(names).size).toBe(21);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(server.requests.map(r => r.query.page ?? '1')).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(repos[0]).toMatchObject({
      full_name: `lumen-retail/${names[0]}`,
      html_url: `https://github.com/lumen-retail/${names[0]}`,
      url: `${server.apiBaseUrl}/repos/lumen-retail/${names[0]}`,
      owner: { login: 'lumen-retail', type: 'Organization' },
      default_branch: 'main',
      visibility: 'private',
      private: true,
    });
    const legacy = repos.find(r => r.name === 'legacy-storefront');
    expect(legacy).toMatchObject({
      archived: true,
      language: 'PHP',
      pushed_at: '2023-02-01T00:00:00Z',
    });
  });

  it('sends Link headers with next/last and prev/first', async () => {
    await server.close();
    server = await startFakeGithub(lumenRetailGithubOrg());
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });

    const first = await octokit.rest.repos.listForOrg({
      org: 'lumen-retail',
      type: 'all',
      per_page: 5,
    });
    expect(first.headers.link).toBe(
      `<${server.apiBaseUrl}/orgs/lumen-retail/repos?type=all&per_page=5&page=2>; rel="next", ` +
        `<${server.apiBaseUrl}/orgs/lumen-retail/repos?type=all&per_page=5&page=5>; rel="last"`,
    );

    const third = await octokit.rest.repos.listForOrg({
      org: 'lumen-retail',
      per_page: 5,
      page: 3,
    });
    expect(third.headers.link).toContain('page=2>; rel="prev"');
    expect(third.headers.link).toContain('page=4>; rel="next"');
    expect(third.headers.link).toContain('page=5>; rel="last"');
    expect(third.headers.link).toContain('page=1>; rel="first"');

    const last = await octokit.rest.repos.listForOrg({
      org: 'lumen-retail',
      per_page: 5,
      page: 5,
    });
    expect(last.data).toHaveLength(1);
    expect(last.headers.link).not.toContain('rel="next"');

    const defaults = await octokit.request('GET /orgs/{org}/repos', {
      org: 'lumen-retail',
    });
    expect(defaults.data).toHaveLength(21); // 21 < the default page size of 30
    expect(defaults.headers.link).toBeUndefined();
  });

  it('caps per_page at pageSizeLimit', async () => {
    await server.close();
    server = await startFakeGithub(lumenRetailGithubOrg(), {
      pageSizeLimit: 10,
    });
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });

    const page = await octokit.rest.repos.listForOrg({
      org: 'lumen-retail',
      per_page: 100,
    });
    expect(page.data).toHaveLength(10);
    expect(page.headers.link).toContain('page=3>; rel="last"');
  });

  it('returns a full repository', async () => {
    const { data } = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'rockets',
    });
    expect(data).toMatchObject({
      name: 'rockets',
      full_name: 'acme/rockets',
      description: 'Rocket launch service',
      topics: ['go'],
      archived: false,
      pushed_at: '2026-11-20T10:00:00Z',
      clone_url: 'https://github.com/acme/rockets.git',
      organization: { login: 'acme' },
    });
  });

  it('decodes a file from getContent, and serves it raw on request', async () => {
    const { data } = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'rockets',
      path: 'docs/runbooks/high-latency.md',
      ref: 'main',
    });
    if (Array.isArray(data) || data.type !== 'file')
      throw new Error('expected a file');
    const expected = '# High latency\n'.repeat(20);
    expect(data.encoding).toBe('base64');
    expect(data.content.split('\n').every(line => line.length <= 60)).toBe(
      true,
    );
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(expected);
    expect(data).toMatchObject({
      name: 'high-latency.md',
      path: 'docs/runbooks/high-latency.md',
      size: expected.length,
      sha: gitBlobSha(expected),
      html_url:
        'https://github.com/acme/rockets/blob/main/docs/runbooks/high-latency.md',
    });

    const raw = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'rockets',
      path: 'README.md',
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe('# Rockets\n');

    const download = await fetch(data.download_url!);
    expect(await download.text()).toBe(expected);
  });

  it('lists a directory through getContent', async () => {
    const { data } = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'rockets',
      path: 'docs/runbooks',
    });
    expect(
      Array.isArray(data) && data.map(entry => [entry.type, entry.path]),
    ).toEqual([['file', 'docs/runbooks/high-latency.md']]);
  });

  it('answers 404 basic-errors for missing files, repositories, orgs and routes', async () => {
    const notFound = {
      status: 404,
      response: {
        data: {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest',
        },
      },
    };
    await expect(
      octokit.rest.repos.getContent({
        owner: 'acme',
        repo: 'rockets',
        path: 'catalog-info.yaml',
      }),
    ).rejects.toMatchObject(notFound);
    await expect(
      octokit.rest.repos.get({ owner: 'acme', repo: 'nope' }),
    ).rejects.toMatchObject(notFound);
    await expect(
      octokit.rest.repos.listForOrg({ org: 'someone-else' }),
    ).rejects.toMatchObject(notFound);
    await expect(octokit.request('GET /user/repos')).rejects.toMatchObject(
      notFound,
    );
    await expect(
      octokit.rest.repos.getContent({
        owner: 'acme',
        repo: 'rockets',
        path: 'README.md',
        ref: 'no-such-branch',
      }),
    ).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining(
        'No commit found for the ref no-such-branch',
      ),
    });
  });

  it('lists nested paths in a recursive git tree', async () => {
    const { data } = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'rockets',
      tree_sha: 'main',
      recursive: '1',
    });
    expect(data.truncated).toBe(false);
    expect(data.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(data.tree.map(e => [e.path, e.type, e.mode])).toEqual([
      ['.github', 'tree', '040000'],
      ['.github/workflows', 'tree', '040000'],
      ['.github/workflows/ci.yml', 'blob', '100644'],
      ['README.md', 'blob', '100644'],
      ['docs', 'tree', '040000'],
      ['docs/runbooks', 'tree', '040000'],
      ['docs/runbooks/high-latency.md', 'blob', '100644'],
    ]);
    const readme = data.tree.find(e => e.path === 'README.md');
    expect(readme).toMatchObject({ size: 10, sha: gitBlobSha('# Rockets\n') });

    const shallow = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'rockets',
      tree_sha: 'main',
    });
    expect(shallow.data.tree.map(e => e.path)).toEqual([
      '.github',
      'README.md',
      'docs',
    ]);

    const docs = data.tree.find(e => e.path === 'docs')!;
    const sub = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'rockets',
      tree_sha: docs.sha!,
      recursive: '1',
    });
    expect(sub.data.tree.map(e => e.path)).toEqual([
      'runbooks',
      'runbooks/high-latency.md',
    ]);
  });

  it('uses git object ids: the empty repository has the empty tree', async () => {
    const { data } = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'anvils',
      tree_sha: 'main',
    });
    expect(data).toMatchObject({
      sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      tree: [],
    });
  });

  it('lists repository teams with their permissions', async () => {
    const { data } = await octokit.rest.repos.listTeams({
      owner: 'acme',
      repo: 'rockets',
    });
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      slug: 'launch-team',
      name: 'Launch Team',
      permission: 'maintain',
      permissions: {
        pull: true,
        triage: true,
        push: true,
        maintain: true,
        admin: false,
      },
      html_url: 'https://github.com/orgs/acme/teams/launch-team',
      parent: null,
      privacy: 'closed',
    });
    expect(data[0].url).toMatch(
      new RegExp(
        `^${server.apiBaseUrl}/organizations/\\d+/team/${data[0].id}$`,
      ),
    );
    expect(data[1]).toMatchObject({
      slug: 'readers',
      name: 'Read Only',
      permission: 'pull',
      permissions: {
        pull: true,
        triage: false,
        push: false,
        maintain: false,
        admin: false,
      },
    });
  });

  it('sends GitHub headers and counts down the rate limit', async () => {
    const first = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'rockets',
    });
    const second = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'rockets',
    });
    expect(first.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    });
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(
      Date.now() / 1000,
    );
    expect(second.headers['x-ratelimit-remaining']).toBe('4998');
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
  });

  it('answers 304 to If-None-Match without spending rate limit', async () => {
    const first = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'rockets',
    });
    const error = await octokit.rest.repos
      .get({
        owner: 'acme',
        repo: 'rockets',
        headers: { 'if-none-match': first.headers.etag },
      })
      .catch(e => e);
    expect(error.status).toBe(304);
    expect(error.response.headers['x-ratelimit-remaining']).toBe('4999');
    expect(server.requests.map(r => r.status)).toEqual([200, 304]);

    server.setRepos([
      { ...smallOrg.repos[0], description: 'Changed upstream' },
    ]);
    const changed = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'rockets',
      headers: { 'if-none-match': first.headers.etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.data.description).toBe('Changed upstream');
  });

  it('fails the next matching requests as told by failNext', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    server.failNext(/^\/orgs\/acme\/repos$/, {
      status: 403,
      headers: {
        'retry-after': '60',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': reset,
      },
    });
    const error = await octokit.rest.repos
      .listForOrg({ org: 'acme' })
      .catch(e => e);
    expect(error.status).toBe(403);
    expect(error.response.headers).toMatchObject({
      'retry-after': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': reset,
    });
    expect(error.response.data.message).toBe(
      'API rate limit exceeded for installation ID 1.',
    );

    // Only the next one: the retry succeeds.
    await expect(
      octokit.rest.repos.listForOrg({ org: 'acme' }),
    ).resolves.toMatchObject({ status: 200 });

    server.failNext(/\/teams$/, { status: 500, times: 2 });
    await expect(
      octokit.rest.repos.listTeams({ owner: 'acme', repo: 'rockets' }),
    ).rejects.toMatchObject({ status: 500 });
    await expect(
      octokit.rest.repos.listTeams({ owner: 'acme', repo: 'rockets' }),
    ).rejects.toMatchObject({
      status: 500,
      response: { data: { message: 'Server Error' } },
    });
    await expect(
      octokit.rest.repos.listTeams({ owner: 'acme', repo: 'rockets' }),
    ).resolves.toMatchObject({ status: 200 });
    expect(server.requests.map(r => `${r.status} ${r.path}`)).toEqual([
      '403 /orgs/acme/repos',
      '200 /orgs/acme/repos',
      '500 /repos/acme/rockets/teams',
      '500 /repos/acme/rockets/teams',
      '200 /repos/acme/rockets/teams',
    ]);
  });

  it('reflects setRepos: repositories created and deleted upstream', async () => {
    server.setRepos([
      smallOrg.repos[0],
      { name: 'balloons', description: 'New upstream' },
    ]);
    const { data } = await octokit.rest.repos.listForOrg({ org: 'acme' });
    expect(data.map(r => r.name)).toEqual(['balloons', 'rockets']);
    await expect(
      octokit.rest.repos.get({ owner: 'acme', repo: 'anvils' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('requires the token when one is configured', async () => {
    await server.close();
    server = await startFakeGithub(smallOrg, { token: 'ghs_secret' });

    const anonymous = new Octokit({ baseUrl: server.apiBaseUrl });
    await expect(
      anonymous.rest.repos.get({ owner: 'acme', repo: 'rockets' }),
    ).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials' } },
    });
    const authed = new Octokit({
      baseUrl: server.apiBaseUrl,
      auth: 'ghs_secret',
    });
    await expect(
      authed.rest.repos.get({ owner: 'acme', repo: 'rockets' }),
    ).resolves.toMatchObject({ status: 200 });
    const bearer = await fetch(`${server.apiBaseUrl}/repos/acme/rockets`, {
      headers: { authorization: 'Bearer ghs_secret' },
    });
    expect(bearer.status).toBe(200);
  });

  it('records every request with its path, query and status', async () => {
    await octokit.rest.repos.listForOrg({
      org: 'acme',
      type: 'all',
      per_page: 50,
    });
    await octokit.rest.repos
      .get({ owner: 'acme', repo: 'missing' })
      .catch(() => undefined);
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/orgs/acme/repos',
        query: { type: 'all', per_page: '50' },
        status: 200,
      },
      { method: 'GET', path: '/repos/acme/missing', query: {}, status: 404 },
    ]);
  });
});
