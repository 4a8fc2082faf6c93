import {
  Content,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { OncallResponse } from '@internal/plugin-runbooks-common';
import Box from '@mui/material/Box';
import MuiLink from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { runbooksApiRef } from '../api/RunbooksApi';
import { EntityName } from './EntityName';
import { formatAgo, formatDateTime, NO_VALUE } from './formatting';
import { RunbookHtml } from './RunbookHtml';
import { useRunbookPaths } from './useRunbookPaths';

/** A block of the page: a plain heading and its content, nothing else. */
function Block(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={props.title} sx={{ mb: 4 }}>
      <Typography
        variant="h5"
        component="h2"
        sx={{ fontWeight: 600, mb: 1.5, fontSize: '1.4rem' }}
      >
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** A list with rows big enough to tap with a thumb. */
function Rows(props: { children: ReactNode }) {
  return (
    <Box
      component="ul"
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        '& > li': {
          py: 1.25,
          borderBottom: 1,
          borderColor: 'divider',
          overflowWrap: 'anywhere',
        },
        '& > li:first-of-type': { pt: 0 },
      }}
    >
      {props.children}
    </Box>
  );
}

function Service(props: { oncall: OncallResponse }) {
  const { entity, owner } = props.oncall;
  return (
    <Box component="section" aria-label="Service" sx={{ mb: 4 }}>
      <Typography
        variant="h3"
        component="h1"
        sx={{ fontWeight: 700, fontSize: { xs: '2rem', sm: '2.5rem' }, mb: 1 }}
      >
        {entity.title}
      </Typography>
      {entity.description && (
        <Typography sx={{ fontSize: 'inherit', mb: 1.5 }}>
          {entity.description}
        </Typography>
      )}
      {owner ? (
        <>
          <Typography sx={{ fontSize: 'inherit' }}>
            Owner:{' '}
            <strong>
              <EntityName entityRef={owner.entityRef} title={owner.title} />
            </strong>
          </Typography>
          {owner.email && (
            <Typography sx={{ fontSize: 'inherit' }}>
              <MuiLink href={`mailto:${owner.email}`}>{owner.email}</MuiLink>
            </Typography>
          )}
          {owner.links.length > 0 && (
            <Box
              component="ul"
              aria-label="Owner links"
              sx={{ listStyle: 'none', p: 0, m: 0, mt: 0.5 }}
            >
              {owner.links.map(link => (
                <Box component="li" key={link.url} sx={{ py: 0.5 }}>
                  <Link to={link.url}>{link.title}</Link>
                </Box>
              ))}
            </Box>
          )}
        </>
      ) : (
        <Typography sx={{ fontSize: 'inherit' }}>
          <strong>No owner</strong> is named in the catalog.
        </Typography>
      )}
    </Box>
  );
}

function Deployments(props: {
  deployments: NonNullable<OncallResponse['recentDeployments']>;
}) {
  if (props.deployments.length === 0) {
    return <Typography sx={{ fontSize: 'inherit' }}>None recently.</Typography>;
  }
  return (
    <Rows>
      {props.deployments.map(deployment => {
        const sha = deployment.sha.slice(0, 7);
        return (
          <li
            key={`${deployment.environment}-${deployment.sha}-${deployment.finishedAt}`}
          >
            <strong>{formatAgo(deployment.finishedAt)}</strong> ·{' '}
            {deployment.environment} ·{' '}
            {deployment.url ? (
              <Link to={deployment.url}>
                <code>{sha}</code>
              </Link>
            ) : (
              <code>{sha}</code>
            )}{' '}
            · {deployment.status}
            <Typography variant="body2" color="text.secondary">
              {formatDateTime(deployment.finishedAt)}
            </Typography>
          </li>
        );
      })}
    </Rows>
  );
}

/** The service's kill switches: which way each is set in each environment. */
function KillSwitches(props: {
  killSwitches: NonNullable<OncallResponse['killSwitches']>;
}) {
  if (props.killSwitches.length === 0) {
    return (
      <Typography sx={{ fontSize: 'inherit' }}>
        This service has no kill-switch flags.
      </Typography>
    );
  }
  return (
    <Rows>
      {props.killSwitches.map(flag => (
        <li key={flag.key}>
          <strong>
            <code>{flag.key}</code>
          </strong>
          {flag.description && (
            <Typography variant="body2" color="text.secondary">
              {flag.description}
            </Typography>
          )}
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {flag.environments.map(environment => (
              <li key={environment.environment}>
                {environment.environment}:{' '}
                {environment.state === 'DISABLED' ? (
                  <>disabled (the code's default applies)</>
                ) : (
                  <>
                    serves <code>{environment.defaultVariant ?? '—'}</code>
                    {environment.targeted &&
                      ' (targeting decides for some users)'}
                  </>
                )}
              </li>
            ))}
          </Box>
        </li>
      ))}
    </Rows>
  );
}

/** The page itself, once the one response is in. */
export function OncallView(props: { oncall: OncallResponse }) {
  const { oncall } = props;
  const paths = useRunbookPaths();
  return (
    <Box
      sx={{
        maxWidth: 760,
        mx: 'auto',
        fontSize: '1.125rem',
        lineHeight: 1.6,
        overflowWrap: 'anywhere',
        minWidth: 0,
      }}
    >
      <Service oncall={oncall} />
      <Block title="Escalation">
        {oncall.escalationHtml ? (
          <RunbookHtml
            html={oncall.escalationHtml}
            label="Escalation path"
            large
          />
        ) : (
          <Typography sx={{ fontSize: 'inherit' }}>
            The runbooks have no escalation section.{' '}
            {oncall.owner
              ? 'Contact the owning squad above.'
              : 'Ask in the platform channel.'}
          </Typography>
        )}
      </Block>
      {oncall.killSwitches && (
        <Block title="Kill switches">
          <KillSwitches killSwitches={oncall.killSwitches} />
        </Block>
      )}
      <Block title="Runbooks">
        {oncall.runbooks.length === 0 ? (
          <Typography sx={{ fontSize: 'inherit' }}>
            This service has no runbook.
          </Typography>
        ) : (
          <Rows>
            {oncall.runbooks.map(runbook => (
              <li key={runbook.id}>
                <Link to={paths.runbook(runbook.id)}>
                  <strong>{runbook.title}</strong>
                </Link>
                {runbook.alerts.length > 0 && (
                  <Typography variant="body2" color="text.secondary">
                    {runbook.alerts.join(', ')}
                  </Typography>
                )}
              </li>
            ))}
          </Rows>
        )}
      </Block>
      {oncall.links.length > 0 && (
        <Block title="Links">
          <Rows>
            {oncall.links.map(link => (
              <li key={link.url}>
                <Link to={link.url}>{link.title}</Link>
              </li>
            ))}
          </Rows>
        </Block>
      )}
      <Block title="Kubernetes workloads">
        {oncall.workloads.length === 0 ? (
          <Typography sx={{ fontSize: 'inherit' }}>
            No workload is known for this service.
          </Typography>
        ) : (
          <Rows>
            {oncall.workloads.map(workload => (
              <li key={workload.entityRef}>
                <EntityName
                  entityRef={workload.entityRef}
                  title={workload.title}
                />
                <Typography variant="body2" color="text.secondary">
                  {[
                    workload.type,
                    workload.cluster && `cluster ${workload.cluster}`,
                    workload.namespace && `namespace ${workload.namespace}`,
                  ]
                    .filter(Boolean)
                    .join(' · ') || NO_VALUE}
                </Typography>
              </li>
            ))}
          </Rows>
        )}
      </Block>
      {oncall.recentDeployments && (
        <Block title="Recent deployments">
          <Deployments deployments={oncall.recentDeployments} />
        </Block>
      )}
    </Box>
  );
}

/**
 * `/runbooks/oncall/:namespace/:name`: what the on-call engineer needs at
 * 3 a.m., from one request, in large plain type that fits a phone: whose
 * service it is, how to escalate, its runbooks, dashboards, workloads and
 * what was deployed lately.
 */
export function OncallPage() {
  const { namespace = 'default', name = '' } = useParams();
  const runbooksApi = useApi(runbooksApiRef);
  const { value, loading, error } = useAsync(
    () => runbooksApi.getOncall({ kind: 'component', namespace, name }),
    [runbooksApi, namespace, name],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error instanceof ResponseError && error.statusCode === 404) {
    body = (
      <EmptyState
        missing="data"
        title={`No component ${namespace}/${name}`}
        description="The catalog has no Component by that name. Check the link, or find the service in the catalog."
      />
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value) {
    body = <OncallView oncall={value} />;
  }
  return <Content>{body}</Content>;
}
