import {
  Content,
  Link,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  AlertResolution,
  RunbookSummary,
} from '@internal/plugin-runbooks-common';
import AddIcon from '@material-ui/icons/Add';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import { useParams, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { runbooksApiRef } from '../api/RunbooksApi';
import { EntityName } from './EntityName';
import { entityName, shortRef } from './formatting';
import { RunbookView } from './RunbookView';
import { useRunbookPaths } from './useRunbookPaths';

/** Several services have a runbook for the alert: one link per candidate, keeping the alert URL. */
function Candidates(props: { resolution: AlertResolution }) {
  const { alert, candidates } = props.resolution;
  const paths = useRunbookPaths();
  const services = new Set(candidates.map(candidate => candidate.entityRef));
  return (
    <Box component="section" aria-label="Candidates">
      <Typography variant="h4" component="h1" gutterBottom>
        {services.size} services have a runbook for {alert}
      </Typography>
      <Typography variant="body1" paragraph>
        Pick the service that paged. To land on its runbook directly next time,
        add <code>?service=&lt;name&gt;</code> (or{' '}
        <code>?namespace=&lt;namespace&gt;</code>) to the alert rule’s{' '}
        <code>runbook_url</code>.
      </Typography>
      <List>
        {candidates.map((candidate: RunbookSummary) => (
          <ListItem
            key={candidate.id}
            divider
            sx={{ display: 'block', py: 1.5 }}
          >
            <Typography variant="h6" component="p">
              <Link
                to={paths.alert(alert, {
                  service: entityName(candidate.entityRef),
                })}
              >
                {shortRef(candidate.entityRef)}
              </Link>
            </Typography>
            <Typography variant="body2" color="text.secondary" component="div">
              {candidate.title}
              {candidate.owner && (
                <> · owned by {shortRef(candidate.owner, 'group')}</>
              )}
              {candidate.severity && (
                <>
                  {' '}
                  <Chip size="small" label={candidate.severity} />
                </>
              )}{' '}
              · <Link to={paths.runbook(candidate.id)}>open the runbook</Link>
            </Typography>
          </ListItem>
        ))}
      </List>
    </Box>
  );
}

/** No runbook for the alert: say so, whose service it is, and how to add one. */
function NoRunbook(props: { resolution: AlertResolution; hints: string[] }) {
  const { alert, entity, addRunbookTemplate } = props.resolution;
  const paths = useRunbookPaths();
  return (
    <Box component="section" aria-label="No runbook">
      <Typography variant="h4" component="h1" gutterBottom>
        No runbook for {alert}
      </Typography>
      {entity ? (
        <Typography variant="body1" paragraph>
          The alert is about{' '}
          <EntityName entityRef={entity.entityRef} title={entity.title} />
          {entity.owner ? (
            <>
              , owned by{' '}
              <strong>
                <EntityName entityRef={entity.owner} kind="group" />
              </strong>
              . Page them if you need help now; the{' '}
              <Link to={paths.oncall(entity.entityRef)}>on-call page</Link> has
              their contacts and escalation path.
            </>
          ) : (
            <>
              , which names no owner. Its{' '}
              <Link to={paths.oncall(entity.entityRef)}>on-call page</Link> has
              what Paved knows about it.
            </>
          )}
        </Typography>
      ) : (
        <Typography variant="body1" paragraph>
          No service’s runbook names this alert
          {props.hints.length > 0 &&
            `, and no service matches ${props.hints.join(' and ')}`}
          .
        </Typography>
      )}
      <Typography variant="body1" paragraph>
        Runbooks are Markdown files in the service’s repository, under{' '}
        <code>docs/runbooks/</code> (or where its{' '}
        <code>paved.dev/runbooks</code> annotation points). A file named{' '}
        <code>{alert}.md</code>, or one whose front-matter lists{' '}
        <code>alerts: [{alert}]</code>, answers this alert.
      </Typography>
      <Box
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}
      >
        {addRunbookTemplate && (
          <LinkButton
            // The template's form opens with the alert and its Component.
            to={paths.template(addRunbookTemplate, {
              component: entity?.entityRef,
              alert,
            })}
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
          >
            Add a runbook
          </LinkButton>
        )}
        <Link to={paths.root({ q: alert })}>Search runbooks for {alert}</Link>
      </Box>
    </Box>
  );
}

/**
 * `/runbooks/alert/:alertName`: where an alert's `runbook_url` lands. Shows
 * the runbook straight away when one service has it; otherwise the
 * candidates, or what to do when there is none. `?service=` and
 * `?namespace=` pass through to narrow a name several services use.
 */
export function AlertPage() {
  const { alertName = '' } = useParams();
  const [searchParams] = useSearchParams();
  const service = searchParams.get('service') ?? undefined;
  const namespace = searchParams.get('namespace') ?? undefined;
  const runbooksApi = useApi(runbooksApiRef);
  const { value, loading, error } = useAsync(
    () => runbooksApi.resolveAlert(alertName, { service, namespace }),
    [runbooksApi, alertName, service, namespace],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value?.status === 'found' && value.runbook) {
    body = <RunbookView runbook={value.runbook} />;
  } else if (value?.status === 'ambiguous' && value.candidates.length > 0) {
    body = <Candidates resolution={value} />;
  } else if (value) {
    const hints = [
      ...(service ? [`service “${service}”`] : []),
      ...(namespace ? [`namespace “${namespace}”`] : []),
    ];
    body = <NoRunbook resolution={value} hints={hints} />;
  }
  return <Content>{body}</Content>;
}
