import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { RunbookCommit } from '@internal/plugin-runbooks-common';
import { Octokit } from '@octokit/rest';

/** The commit that last changed a file, at or before a ref. */
export interface CommitLookup {
  lastCommit(
    repo: string,
    path: string,
    ref: string,
  ): Promise<RunbookCommit | undefined>;
}

/**
 * Asks GitHub (`GET /repos/{o}/{r}/commits?path=&sha=&per_page=1`) through
 * the `integrations.github` entry of the repository's host. Repositories on
 * other hosts, and failed lookups, have no commit: the runbook is stored
 * without one and looked up again on the next read.
 */
export class GithubCommitLookup implements CommitLookup {
  private readonly credentials: DefaultGithubCredentialsProvider;
  private readonly clients = new Map<string, Octokit>();

  constructor(private readonly integrations: ScmIntegrations) {
    this.credentials =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  private async client(repoUrl: string): Promise<Octokit | undefined> {
    const integration = this.integrations.github.byUrl(repoUrl);
    if (!integration?.config.apiBaseUrl) return undefined;
    const key = integration.config.host;
    let client = this.clients.get(key);
    if (!client) {
      const { token } = await this.credentials.getCredentials({
        url: repoUrl,
      });
      client = new Octokit({
        baseUrl: integration.config.apiBaseUrl,
        auth: token,
        request: { retries: 0 },
      });
      this.clients.set(key, client);
    }
    return client;
  }

  async lastCommit(
    repo: string,
    path: string,
    ref: string,
  ): Promise<RunbookCommit | undefined> {
    const client = await this.client(repo);
    const [owner, name] = new URL(repo).pathname.split('/').filter(Boolean);
    if (!client || !owner || !name) return undefined;
    try {
      const { data } = await client.repos.listCommits({
        owner,
        repo: name,
        path,
        sha: ref,
        per_page: 1,
      });
      const commit = data[0];
      const date =
        commit?.commit.committer?.date ?? commit?.commit.author?.date;
      if (!commit || !date) return undefined;
      return { sha: commit.sha, date, url: commit.html_url };
    } catch {
      return undefined;
    }
  }
}
