import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ANNOTATION_INFERRED,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_UNOWNED,
} from '@internal/plugin-catalog-ingestion-common';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { IngestionRun, ingestionApiRef } from '../api/IngestionApi';
import { formatCounts, sourceKindLabel, timeAgo } from './formatting';
import { RunOutcome } from './RunOutcome';

const runColumns: TableColumn<IngestionRun>[] = [
  { title: 'Provider', field: 'provider', highlight: true },
  {
    title: 'Source',
    render: run => `${sourceKindLabel(run.sourceKind)} · ${run.target}`,
  },
  { title: 'Last run', render: run => <RunOutcome run={run} /> },
  {
    title: 'Finished',
    render: run =>
      `${timeAgo(run.finishedAt)} (${(run.durationMs / 1000).toFixed(1)} s)`,
  },
  {
    title: 'Counts',
    render: run =>
      formatCounts(run.counts).map(line => (
        <Typography variant="body2" key={line} noWrap>
          {line}
        </Typography>
      )),
  },
  {
    title: 'Problems',
    render: run =>
      run.error ? (
        <Typography variant="body2" color="error">
          {run.error}
        </Typography>
      ) : (
        run.problems.slice(0, 3).map(problem => (
          <Typography
            variant="body2"
            key={`${problem.subject}:${problem.message}`}
          >
            <strong>{problem.subject}</strong>: {problem.message}
          </Typography>
        ))
      ),
  },
];

function whyItNeedsAHuman(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  const reasons = [];
  if (annotations[ANNOTATION_UNOWNED] === 'true')
    reasons.push('no owner found');
  if (annotations[ANNOTATION_INFERRED] === 'true')
    reasons.push('no catalog-info.yaml');
  return reasons.join(', ');
}

const attentionColumns: TableColumn<Entity>[] = [
  {
    title: 'Entity',
    highlight: true,
    render: entity => (
      <EntityRefLink entityRef={entity} defaultKind="component" />
    ),
  },
  {
    title: 'Kind',
    render: entity => `${entity.kind} · ${entity.spec?.type ?? ''}`,
  },
  { title: 'Why', render: whyItNeedsAHuman },
  {
    title: 'Found in',
    render: entity => {
      const annotations = entity.metadata.annotations ?? {};
      return `${sourceKindLabel(annotations[ANNOTATION_SOURCE_KIND])} · ${
        annotations[ANNOTATION_SOURCE_LOCATION] ?? ''
      }`;
    },
  },
  {
    title: 'Owner now',
    render: entity =>
      typeof entity.spec?.owner === 'string' ? (
        <EntityRefLink entityRef={entity.spec.owner} defaultKind="group" />
      ) : null,
  },
];

function ProviderRuns() {
  const ingestionApi = useApi(ingestionApiRef);
  const { value, loading, error } = useAsync(
    () => ingestionApi.latestRuns(),
    [],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No provider has run yet"
        description="Configure catalog.providers (githubInference, kubernetesWorkloads, cloudResources) and their first run appears here."
      />
    );
  }
  return (
    <Table<IngestionRun>
      title="Providers"
      subtitle="The latest run of every provider that fills the catalog"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={runColumns}
      data={value}
    />
  );
}

function NeedsAHuman() {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: [
            { [`metadata.annotations.${ANNOTATION_UNOWNED}`]: 'true' },
            { [`metadata.annotations.${ANNOTATION_INFERRED}`]: 'true' },
          ],
        })
      ).items,
    [],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <EmptyState
        missing="content"
        title="Nothing needs a human"
        description="Every ingested entity has an owner and a catalog-info.yaml."
      />
    );
  }
  return (
    <Table<Entity>
      title={`Needs a human (${value.length})`}
      subtitle="Inferred or unowned: add a catalog-info.yaml, a CODEOWNERS entry or the team/service tags"
      options={{ paging: value.length > 20, pageSize: 20, padding: 'dense' }}
      columns={attentionColumns}
      data={value.map(entity => ({
        ...entity,
        id: stringifyEntityRef(entity),
      }))}
    />
  );
}

/** The org-level page for the platform squad: provider runs, and what needs a human. */
export function IngestionPage() {
  return (
    <Content>
      <Box mb={3}>
        <Typography variant="body1">
          Paved fills the catalog from GitHub, Kubernetes clusters and cloud
          accounts. A failed run changes nothing in the catalog; the next
          complete run catches up.{' '}
          <Link to="/catalog-unprocessed-entities">
            Entities that failed processing
          </Link>{' '}
          are listed separately.
        </Typography>
      </Box>
      <Box component="section" aria-label="Providers" mb={3}>
        <ProviderRuns />
      </Box>
      <Box component="section" aria-label="Needs a human">
        <NeedsAHuman />
      </Box>
    </Content>
  );
}
