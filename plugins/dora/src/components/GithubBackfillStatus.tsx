import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  GithubRepositorySync,
  GithubSyncStatus,
} from '@internal/plugin-dora-common';
import { doraApiRef } from '../api/DoraApi';
import { formatDateTime, plural } from './formatting';

/** What the GitHub backfill has done about one repository. */
export type RepositoryBackfill =
  | { state: 'off' }
  | {
      state: 'failed';
      finishedAt: string;
      errors: GithubRepositorySync['errors'];
    }
  | { state: 'not-read'; running: boolean }
  | {
      state: 'read';
      running: boolean;
      /** The latest `syncedUntil` of the repository's streams. */
      syncedUntil: string;
      /** What the last pass found, when it read the repository. */
      lastPass?: GithubRepositorySync;
    };

/**
 * Where the backfill stands for `owner/name`: off, failed in the last pass,
 * not read yet, or read up to when. The backend names repositories in lower
 * case; annotations may not.
 */
export function repositoryBackfill(
  status: GithubSyncStatus,
  slug: string,
): RepositoryBackfill {
  if (!status.enabled) return { state: 'off' };
  const repository = slug.trim().toLocaleLowerCase('en-US');
  const lastPass = status.lastPass?.repositories.find(
    r => r.repository.toLocaleLowerCase('en-US') === repository,
  );
  if (status.lastPass && lastPass && lastPass.errors.length > 0) {
    return {
      state: 'failed',
      finishedAt: status.lastPass.finishedAt,
      errors: lastPass.errors,
    };
  }
  const syncedUntil = status.cursors
    .filter(c => c.repository.toLocaleLowerCase('en-US') === repository)
    .map(c => c.syncedUntil)
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  if (!syncedUntil) return { state: 'not-read', running: status.running };
  return { state: 'read', running: status.running, syncedUntil, lastPass };
}

/** The streams as people name them. */
const STREAM_LABELS: Record<string, string> = {
  pulls: 'merged pull requests',
  deployments: 'GitHub Deployments',
  'workflow-runs': 'deploy workflow runs',
  releases: 'releases',
  issues: 'incident issues',
};

const RUNNING = ' A pass is running now.';

function Sentence(props: { backfill: RepositoryBackfill; slug: string }) {
  const { backfill } = props;
  const slug = <code>{props.slug}</code>;
  switch (backfill.state) {
    case 'off':
      return (
        <>
          The GitHub backfill is off: <code>dora.github</code> is not configured
          in app-config, so Paved does not read {slug} from GitHub.
        </>
      );
    case 'failed':
      return (
        <>
          The last GitHub backfill pass (finished{' '}
          {formatDateTime(backfill.finishedAt)}) <strong>failed</strong> for{' '}
          {slug}:
          <Box component="ul" m={0} pl={3}>
            {backfill.errors.map(error => (
              <li key={`${error.stream}:${error.message}`}>
                {STREAM_LABELS[error.stream] ?? error.stream}: {error.message}
              </li>
            ))}
          </Box>
          The next pass reads these again.
        </>
      );
    case 'not-read':
      return (
        <>
          The GitHub backfill has not read {slug} yet.
          {backfill.running
            ? RUNNING
            : ' It reads every component’s repository every 30 minutes by default.'}
        </>
      );
    default:
      return (
        <>
          The GitHub backfill last read {slug} up to{' '}
          {formatDateTime(backfill.syncedUntil)}.
          {backfill.lastPass &&
            ` Its last pass found ${plural(
              backfill.lastPass.deployments,
              'deployment',
            )} there.`}
          {backfill.lastPass?.deployments === 0 && (
            <>
              {' '}
              It looks for GitHub Deployments, else runs of the workflows{' '}
              <code>dora.github.deployWorkflows</code> names, else releases.
            </>
          )}
          {backfill.running && RUNNING}
        </>
      );
  }
}

/**
 * What the GitHub backfill has read of a Component's repository, in one
 * paragraph. Nothing while it loads or when the status cannot be read: the
 * hint's general text stands alone then.
 */
export function GithubBackfillStatus(props: { slug: string }) {
  const doraApi = useApi(doraApiRef);
  const { value } = useAsync(() => doraApi.githubSync(), [doraApi]);
  if (!value) return null;
  return (
    <Box component="section" aria-label="GitHub backfill" mt={1}>
      <Typography variant="body2" component="div">
        <Sentence
          backfill={repositoryBackfill(value, props.slug)}
          slug={props.slug}
        />
      </Typography>
    </Box>
  );
}
