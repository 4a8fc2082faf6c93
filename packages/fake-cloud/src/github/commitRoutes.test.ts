import { Octokit } from '@octokit/rest';
import { createHash } from 'node:crypto';
import { startFakeGithub } from './startFakeGithub';
import { FakeGithubOrg, FakeGithubRepo, FakeGithubServer } from './types';

const RUNBOOK = '# High latency\n'.repeat(20);

const rockets: FakeGithubRepo = {
  name: 'rockets',
  language: 'Go',
  files: {
    'README.md': '# Rockets\n',
    'docs/runbooks/high-latency.md': RUNBOOK,
  },
  fileDates: { 'docs/runbooks/high-latency.md': '2026-10-02T14:30:00Z' },
  teams: [
    { slug: 'launch-team', permission: 'maintain' },
    { slug: 'readers', permission: 'pull' },
  ],
};

const org: FakeGithubOrg = {
  login: 'acme',
  repos: [rockets, { name: 'anvils' }],
  members: [
    { login: 'ada', name: 'Ada Lovelace', email: 'ada@acme.example' },
    { login: 'grace', name: 'Grace Hopper' },
  ],
  teams: [
    { slug: 'launch-team', members: ['ada', 'grace'] },
    { slug: 'readers', members: ['someone-else'] },
  ],
};

// `git commit-tree` of the same files' tree, authored and committed by
// github-actions[bot] at 2026-11-20T10:00:00Z with message 'chore: sync default branch'.
const HEAD_SHA = '25b31631dc8d628f3729a107c8380402946cd948';
const ROOT_TREE_SHA = '40592dbf013bc8b0c98b7129c89f36c70da46ac3';

function gitBlobSha(content: string): string {
  const body = Buffer.from(content);
  return createHash('sha1')
    .update(`blob ${body.length}\0`)
    .update(body)
    .digest('hex');
}

describe('commit routes', () => {
  let server: FakeGithubServer;
  let octokit: Octokit;
  const owner = 'acme';
  const repo = 'rockets';

  beforeEach(async () => {
    server = await startFakeGithub(org);
    octokit = new Octokit({ baseUrl: server.apiBaseUrl });
  });

  afterEach(async () => {
    await server.close();
  });

  const status = (ref: string) =>
    octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref });

  it('gives the repository a head commit, hashed like git over the root tree and pushedAt', async () => {
    const { data } = await status('main');
    expect(data).toEqual({
      state: 'pending', // GitHub's combined state when there are no statuses
      statuses: [],
      sha: HEAD_SHA,
      total_count: 0,
      repository: expect.objectContaining({
        full_name: 'acme/rockets',
        trees_url: `${server.apiBaseUrl}/repos/acme/rockets/git/trees{/sha}`,
        archive_url: `${server.apiBaseUrl}/repos/acme/rockets/{archive_format}{/ref}`,
      }),
      commit_url: `${server.apiBaseUrl}/repos/acme/rockets/commits/${HEAD_SHA}`,
      url: `${server.apiBaseUrl}/repos/acme/rockets/commits/${HEAD_SHA}/status`,
    });
    for (const ref of [
      'HEAD',
      'refs/heads/main',
      HEAD_SHA,
      HEAD_SHA.slice(0, 7),
    ]) {
      expect((await status(ref)).data.sha).toBe(HEAD_SHA);
    }
    // What GithubUrlReader asks for, literally.
    const literal = await fetch(
      `${server.apiBaseUrl}/repos/acme/rockets/commits/HEAD/status?per_page=0`,
    );
    expect(literal.status).toBe(200);
    expect((await literal.json()).sha).toBe(HEAD_SHA);

    await expect(status('no-such-branch')).rejects.toMatchObject({
      status: 404,
    });
    await expect(status('0'.repeat(40))).rejects.toMatchObject({ status: 404 });
    await expect(
      octokit.rest.repos.getCombinedStatusForRef({
        owner,
        repo: 'missing',
        ref: 'main',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('changes the head commit when a file or pushedAt changes, and only then', async () => {
    server.setRepos([{ ...rockets, description: 'Now with a description' }]);
    expect((await status('main')).data.sha).toBe(HEAD_SHA);

    server.setRepos([
      {
        ...rockets,
        files: { ...rockets.files, 'README.md': '# Rockets!\n' },
      },
    ]);
    const edited = (await status('main')).data.sha;
    expect(edited).toMatch(/^[0-9a-f]{40}$/);
    expect(edited).not.toBe(HEAD_SHA);

    server.setRepos([{ ...rockets, pushedAt: '2026-11-21T10:00:00Z' }]);
    const later = (await status('main')).data.sha;
    expect([HEAD_SHA, edited]).not.toContain(later);

    // The old head is gone.
    await expect(status(HEAD_SHA)).rejects.toMatchObject({ status: 404 });
  });

  it('serves git trees and contents at a commit SHA, with urls on tree and blob entries', async () => {
    const { data: tree } = await octokit.rest.git.getTree({
      owner,
      repo,
      tree_sha: HEAD_SHA,
      recursive: 'true',
    });
    expect(tree.sha).toBe(ROOT_TREE_SHA);
    const r = `${server.apiBaseUrl}/repos/acme/rockets`;
    const docs = tree.tree.find(e => e.path === 'docs')!;
    expect(docs).toMatchObject({
      type: 'tree',
      url: `${r}/git/trees/${docs.sha}`,
    });
    expect(
      tree.tree.find(e => e.path === 'docs/runbooks/high-latency.md'),
    ).toEqual({
      path: 'docs/runbooks/high-latency.md',
      mode: '100644',
      type: 'blob',
      sha: gitBlobSha(RUNBOOK),
      size: RUNBOOK.length,
      url: `${r}/git/blobs/${gitBlobSha(RUNBOOK)}`,
    });

    const content = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'README.md',
      ref: HEAD_SHA,
      mediaType: { format: 'raw' },
    });
    expect(content.data).toBe('# Rockets\n');

    // A file's own commit names the same (current) tree.
    const [fileCommit] = (
      await octokit.rest.repos.listCommits({
        owner,
        repo,
        path: 'docs/runbooks/high-latency.md',
      })
    ).data;
    const atFileCommit = await octokit.rest.git.getTree({
      owner,
      repo,
      tree_sha: fileCommit.sha,
    });
    expect(atFileCommit.data.sha).toBe(ROOT_TREE_SHA);
  });

  it('serves git blobs base64-encoded, and raw on request', async () => {
    const sha = gitBlobSha(RUNBOOK);
    const { data } = await octokit.rest.git.getBlob({
      owner,
      repo,
      file_sha: sha,
    });
    expect(data).toEqual({
      content: expect.any(String),
      encoding: 'base64',
      url: `${server.apiBaseUrl}/repos/acme/rockets/git/blobs/${sha}`,
      sha,
      size: RUNBOOK.length,
      node_id: expect.any(String),
    });
    expect(data.content.split('\n').every(line => line.length <= 60)).toBe(
      true,
    );
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(RUNBOOK);

    const raw = await octokit.rest.git.getBlob({
      owner,
      repo,
      file_sha: sha,
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe(RUNBOOK);

    await expect(
      octokit.rest.git.getBlob({ owner, repo, file_sha: '0'.repeat(40) }),
    ).rejects.toMatchObject({ status: 404 });
    // A blob of another repository is not this one's.
    await expect(
      octokit.rest.git.getBlob({ owner, repo: 'anvils', file_sha: sha }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('lists the commit that last changed a path, dated by fileDates, else pushedAt', async () => {
    const runbook = await octokit.rest.repos.listCommits({
      owner,
      repo,
      path: 'docs/runbooks/high-latency.md',
      sha: HEAD_SHA,
      per_page: 1,
    });
    expect(runbook.data).toHaveLength(1);
    const [c] = runbook.data;
    expect(c).toMatchObject({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      html_url: `https://github.com/acme/rockets/commit/${c.sha}`,
      url: `${server.apiBaseUrl}/repos/acme/rockets/commits/${c.sha}`,
      commit: {
        message: 'docs(runbooks): update high-latency',
        author: { date: '2026-10-02T14:30:00Z' },
        committer: { date: '2026-10-02T14:30:00Z' },
        tree: { sha: ROOT_TREE_SHA },
      },
    });
    // Written by a member of the team that maintains the repository.
    expect(['ada', 'grace']).toContain(
      c.author && 'login' in c.author && c.author.login,
    );
    expect(c.files).toBeUndefined(); // listed commits carry no files

    const readme = await octokit.rest.repos.listCommits({
      owner,
      repo,
      path: 'README.md',
    });
    expect(readme.data.map(x => x.commit.author?.date)).toEqual([
      '2026-11-20T10:00:00Z',
    ]);

    // A directory: the commits of the files below it.
    const dir = await octokit.rest.repos.listCommits({
      owner,
      repo,
      path: 'docs',
    });
    expect(dir.data.map(x => x.sha)).toEqual([c.sha]);

    // The SHA depends on the path, the content and the date only.
    server.setRepos([
      {
        ...rockets,
        files: { ...rockets.files, 'README.md': '# Rockets!\n' },
      },
    ]);
    const again = await octokit.rest.repos.listCommits({
      owner,
      repo,
      path: 'docs/runbooks/high-latency.md',
    });
    expect(again.data.map(x => x.sha)).toEqual([c.sha]);
    server.setRepos([
      {
        ...rockets,
        fileDates: { 'docs/runbooks/high-latency.md': '2026-10-03T09:00:00Z' },
      },
    ]);
    const redated = await octokit.rest.repos.listCommits({
      owner,
      repo,
      path: 'docs/runbooks/high-latency.md',
    });
    expect(redated.data[0].sha).not.toBe(c.sha);

    expect(
      (
        await octokit.rest.repos.listCommits({
          owner,
          repo,
          path: 'no/such/file.md',
        })
      ).data,
    ).toEqual([]);
  });

  it('lists the history newest first from the head, paginated, and from any commit', async () => {
    const first = await octokit.rest.repos.listCommits({
      owner,
      repo,
      per_page: 1,
    });
    expect(first.data.map(c => c.sha)).toEqual([HEAD_SHA]);
    expect(first.headers.link).toContain('rel="next"');

    const all = await octokit.paginate(octokit.rest.repos.listCommits, {
      owner,
      repo,
      per_page: 1,
    });
    expect(all.map(c => [c.commit.message, c.commit.author?.date])).toEqual([
      ['chore: sync default branch', '2026-11-20T10:00:00Z'],
      ['chore: update README.md', '2026-11-20T10:00:00Z'],
      ['docs(runbooks): update high-latency', '2026-10-02T14:30:00Z'],
    ]);
    // Linear: each commit's parent is the next one listed; the oldest has none.
    expect(all.map(c => c.parents.map(p => p.sha))).toEqual([
      [all[1].sha],
      [all[2].sha],
      [],
    ]);
    expect(all[0].author).toMatchObject({
      login: 'github-actions[bot]',
      type: 'Bot',
    });

    const fromOldest = await octokit.rest.repos.listCommits({
      owner,
      repo,
      sha: all[2].sha,
    });
    expect(fromOldest.data.map(c => c.sha)).toEqual([all[2].sha]);

    const since = await octokit.rest.repos.listCommits({
      owner,
      repo,
      since: '2026-11-01T00:00:00Z',
    });
    expect(since.data.map(c => c.sha)).toEqual([all[0].sha, all[1].sha]);
    const until = await octokit.rest.repos.listCommits({
      owner,
      repo,
      until: '2026-11-01T00:00:00Z',
    });
    expect(until.data.map(c => c.sha)).toEqual([all[2].sha]);

    await expect(
      octokit.rest.repos.listCommits({ owner, repo, sha: 'no-such-branch' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('gets one commit by SHA or ref, with its stats and files', async () => {
    const head = await octokit.rest.repos.getCommit({
      owner,
      repo,
      ref: 'main',
    });
    expect(head.data).toMatchObject({
      sha: HEAD_SHA,
      files: [],
      stats: { additions: 0, deletions: 0, total: 0 },
      commit: {
        author: {
          name: 'github-actions[bot]',
          email: '41898282+github-actions[bot]@users.noreply.github.com',
          date: '2026-11-20T10:00:00Z',
        },
        tree: {
          sha: ROOT_TREE_SHA,
          url: `${server.apiBaseUrl}/repos/acme/rockets/git/trees/${ROOT_TREE_SHA}`,
        },
        verification: { verified: false, reason: 'unsigned' },
      },
    });

    const [listed] = (
      await octokit.rest.repos.listCommits({
        owner,
        repo,
        path: 'docs/runbooks/high-latency.md',
      })
    ).data;
    const { data } = await octokit.rest.repos.getCommit({
      owner,
      repo,
      ref: listed.sha,
    });
    expect(data).toMatchObject({
      sha: listed.sha,
      commit: listed.commit,
      author: listed.author,
      parents: listed.parents,
    });
    expect(data.files).toEqual([
      expect.objectContaining({
        filename: 'docs/runbooks/high-latency.md',
        status: 'modified',
        sha: gitBlobSha(RUNBOOK),
        blob_url: `https://github.com/acme/rockets/blob/${listed.sha}/docs/runbooks/high-latency.md`,
        contents_url: `${server.apiBaseUrl}/repos/acme/rockets/contents/docs/runbooks/high-latency.md?ref=${listed.sha}`,
      }),
    ]);
    const [file] = data.files!;
    expect(file.changes).toBe(file.additions + file.deletions);
    expect(data.stats?.total).toBe(file.changes);
    // A named author: the member's name and public email.
    const login =
      data.author && 'login' in data.author ? data.author.login : '';
    expect(data.commit.author?.name).toBe(
      login === 'ada' ? 'Ada Lovelace' : 'Grace Hopper',
    );

    await expect(
      octokit.rest.repos.getCommit({ owner, repo, ref: '0'.repeat(40) }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: { message: `No commit found for SHA: ${'0'.repeat(40)}` },
      },
    });
  });
});
