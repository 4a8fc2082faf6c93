import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { windowLabel } from './formatting';
import { GithubBackfillStatus } from './GithubBackfillStatus';

/** The annotation that ties a Component to its GitHub repository. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/**
 * Why the metrics are empty and what Paved needs: production deployments,
 * from a CD tool posting to the API or from GitHub deployments of the
 * repository a Component names, in environments `dora.environments` counts
 * as production. On a Component's tab, also what the GitHub backfill has
 * read of its repository.
 */
export function NoDeploymentsHint(props: {
  windowDays: number;
  environment?: string;
  /** The Component or Group of the DORA tab; unset on the squads page. */
  entity?: Entity;
}) {
  const { windowDays, environment, entity } = props;
  const kind = entity?.kind.toLocaleLowerCase('en-US');
  const slug = entity?.metadata.annotations?.[PROJECT_SLUG_ANNOTATION];
  const ref = entity ? stringifyEntityRef(entity) : undefined;
  return (
    <Box component="section" aria-label="Why is this empty" mb={2}>
      <Alert severity="info">
        <AlertTitle>
          No production deployment in the last {windowLabel(windowDays)}
          {environment ? ` to ${environment}` : ''}
        </AlertTitle>
        <Typography variant="body2" paragraph>
          Paved counts successful deployments to production environments.
          {kind === 'group' &&
            ' A group’s metrics pool the components it owns (spec.owner), so one of them needs deployments.'}{' '}
          It gets them from either:
        </Typography>
        <Box component="ul" m={0} pl={3}>
          <li>
            <Typography variant="body2">
              your CD tool (Argo CD, Jenkins, a script) posting each deployment
              to <code>POST /api/dora/deployments</code> with{' '}
              {ref && kind === 'component' ? (
                <>
                  <code>entityRef: {ref}</code> or the repository
                </>
              ) : (
                <>
                  the component&apos;s <code>entityRef</code> or its repository
                </>
              )}
              , the <code>environment</code>, the deployed <code>sha</code> and{' '}
              <code>finishedAt</code>;
            </Typography>
          </li>
          <li>
            <Typography variant="body2">
              or GitHub deployments of the repository named by the component’s{' '}
              <code>{PROJECT_SLUG_ANNOTATION}</code> annotation
              {kind === 'component' &&
                (slug ? (
                  <>
                    {' '}
                    (here <code>{slug}</code>)
                  </>
                ) : (
                  <>
                    {' '}
                    — <strong>this component has none</strong>, so GitHub
                    deployments cannot be tied to it
                  </>
                ))}
              .
            </Typography>
            {kind === 'component' && slug && (
              <GithubBackfillStatus slug={slug} />
            )}
          </li>
        </Box>
        <Typography variant="body2" mt={1}>
          Only environments that <code>dora.environments.production</code> in
          app-config names count (by default <code>production</code>,{' '}
          <code>prod</code>, <code>production-*</code>, <code>prod-*</code>);
          staging never does.
          {environment &&
            ` You filtered to “${environment}”: clear the environment to count every production environment.`}
        </Typography>
      </Alert>
    </Box>
  );
}
