import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION,
} from '@internal/plugin-catalog-ingestion-common';
import {
  catalogApiRef,
  EntityRefLink,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { sourceKindLabel } from './formatting';

/** Source kinds whose Resources are runtime: where the component runs and what it uses. */
const RUNTIME_SOURCES = new Set(['kubernetes', 'aws', 'azure']);

const columns: TableColumn<Entity>[] = [
  {
    title: 'Resource',
    highlight: true,
    render: entity => (
      <EntityRefLink entityRef={entity} title={entity.metadata.title} />
    ),
  },
  { title: 'Type', render: entity => String(entity.spec?.type ?? '') },
  {
    title: 'Environment',
    render: entity =>
      entity.metadata.annotations?.[ANNOTATION_ENVIRONMENT] ?? '—',
  },
  {
    title: 'Where',
    render: entity => {
      const annotations = entity.metadata.annotations ?? {};
      return `${sourceKindLabel(annotations[ANNOTATION_SOURCE_KIND])} · ${
        annotations[ANNOTATION_SOURCE_LOCATION] ?? ''
      }`;
    },
  },
];

/**
 * The Kubernetes workloads and cloud resources a component runs on, as the
 * providers linked them (label or tag → `dependsOn`), grouped by source.
 */
export function RuntimeResourcesCard() {
  return (
    <Box component="section" aria-label="Runs on">
      <RuntimeResources />
    </Box>
  );
}

function RuntimeResources() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const refs = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_DEPENDS_ON)
    .map(relation => relation.targetRef)
    .filter(ref => ref.startsWith('resource:'));
  const { value, loading, error } = useAsync(async () => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return items.filter(
      (item): item is Entity =>
        !!item &&
        RUNTIME_SOURCES.has(
          item.metadata.annotations?.[ANNOTATION_SOURCE_KIND] ?? '',
        ),
    );
  }, [refs.join(',')]);

  if (loading) {
    return (
      <InfoCard title="Runs on">
        <Progress />
      </InfoCard>
    );
  }
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <InfoCard title="Runs on">
        <Typography variant="body2">
          No Kubernetes workloads or cloud resources are linked to this
          component. Label workloads with{' '}
          <code>app.kubernetes.io/name: {entity.metadata.name}</code> and tag
          cloud resources with <code>service={entity.metadata.name}</code>.
        </Typography>
      </InfoCard>
    );
  }
  const sorted = [...value].sort((a, b) =>
    `${a.metadata.annotations?.[ANNOTATION_SOURCE_KIND]}${stringifyEntityRef(
      a,
    )}`.localeCompare(
      `${b.metadata.annotations?.[ANNOTATION_SOURCE_KIND]}${stringifyEntityRef(
        b,
      )}`,
    ),
  );
  return (
    <Table<Entity>
      title={`Runs on (${sorted.length})`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={sorted.map(item => ({ ...item, id: stringifyEntityRef(item) }))}
    />
  );
}
