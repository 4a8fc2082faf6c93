import { z } from 'zod';

/** What a GitHub webhook means for one organisation's inferred components. */
export type RepositoryChange =
  | { type: 'refresh'; repository: string }
  | { type: 'remove'; repository: string }
  | { type: 'rename'; from: string; repository: string };

/** The webhook topics (as the events backend's GitHub router names them) that can change an inferred component. */
export const REPOSITORY_EVENT_TOPICS = ['github.push', 'github.repository'];

const repository = z.object({
  name: z.string(),
  owner: z.object({ login: z.string() }),
  default_branch: z.string().optional(),
});

const pushEvent = z.object({ ref: z.string(), repository });

const repositoryEvent = z.object({
  action: z.string(),
  repository,
  changes: z
    .object({
      repository: z
        .object({ name: z.object({ from: z.string() }).optional() })
        .optional(),
    })
    .optional(),
});

const sameLogin = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Maps a `push` or `repository` webhook to a change of one repository of
 * `organization`, or undefined when it cannot change an inferred component
 * (another organisation, a push to another branch, a malformed payload).
 * Pure, so every case is unit-tested.
 */
export function repositoryChangeFromEvent(
  topic: string,
  payload: unknown,
  organization: string,
): RepositoryChange | undefined {
  if (topic === 'github.push') {
    const push = pushEvent.safeParse(payload);
    if (!push.success) return undefined;
    const { ref, repository: repo } = push.data;
    if (!sameLogin(repo.owner.login, organization)) return undefined;
    // Only the default branch decides files such as catalog-info.yaml and CODEOWNERS.
    if (repo.default_branch && ref !== `refs/heads/${repo.default_branch}`) {
      return undefined;
    }
    return { type: 'refresh', repository: repo.name };
  }
  if (topic === 'github.repository') {
    const event = repositoryEvent.safeParse(payload);
    if (!event.success) return undefined;
    const { action, repository: repo, changes } = event.data;
    if (!sameLogin(repo.owner.login, organization)) return undefined;
    if (action === 'deleted' || action === 'transferred') {
      return { type: 'remove', repository: repo.name };
    }
    const from = changes?.repository?.name?.from;
    if (action === 'renamed' && from) {
      return { type: 'rename', from, repository: repo.name };
    }
    return { type: 'refresh', repository: repo.name };
  }
  return undefined;
}
