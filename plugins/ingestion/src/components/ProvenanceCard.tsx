import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ANNOTATION_INGESTED_BY,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_UNOWNED,
} from '@internal/plugin-catalog-ingestion-common';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ingestionApiRef } from '../api/IngestionApi';
import { sourceKindLabel, timeAgo } from './formatting';
import { RunOutcome } from './RunOutcome';

/** `url:https://…` / `file:/…` → the part people read. */
const withoutType = (location: string | undefined) =>
  location?.replace(/^[a-z]+:/, '');

/**
 * Where this entity came from: which provider emitted it, from where, and
 * when that provider last completed a run; or the catalog file that declares it.
 */
export function ProvenanceCard() {
  const { entity } = useEntity();
  const ingestionApi = useApi(ingestionApiRef);
  const annotations = entity.metadata.annotations ?? {};
  const provider = annotations[ANNOTATION_INGESTED_BY];
  const {
    value: runs,
    loading,
    error,
  } = useAsync(
    async () => (provider ? ingestionApi.runsOf(provider, 10) : []),
    [provider],
  );
  const lastComplete = runs?.find(run => run.outcome === 'complete');
  const latest = runs?.[0];

  const metadata: Record<string, unknown> = provider
    ? {
        Source: sourceKindLabel(annotations[ANNOTATION_SOURCE_KIND]),
        From: annotations[ANNOTATION_SOURCE_LOCATION] ?? '—',
        Provider: provider,
        'Last refreshed': lastComplete
          ? `${timeAgo(lastComplete.finishedAt)} (${new Date(
              lastComplete.finishedAt,
            ).toLocaleString()})`
          : 'no complete run recorded',
        ...(latest && latest !== lastComplete
          ? { 'Latest run': <RunOutcome run={latest} /> }
          : {}),
      }
    : {
        Source: 'Declared in a catalog file',
        File: withoutType(annotations[ANNOTATION_ORIGIN_LOCATION]) ?? '—',
        ...(annotations[ANNOTATION_LOCATION] !==
        annotations[ANNOTATION_ORIGIN_LOCATION]
          ? { 'Managed by': withoutType(annotations[ANNOTATION_LOCATION]) }
          : {}),
      };

  return (
    <Box component="section" aria-label="Where this comes from">
      <InfoCard title="Where this comes from">
        {annotations[ANNOTATION_UNOWNED] === 'true' && (
          <Typography variant="body2" color="error" paragraph>
            Nothing named an owner for this entity: add the owner tag or label
            at its source.
          </Typography>
        )}
        {loading ? (
          <Progress />
        ) : (
          <StructuredMetadataTable metadata={metadata} />
        )}
        {error && (
          <Typography variant="body2" color="error">
            Could not read the provider's runs: {error.message}
          </Typography>
        )}
      </InfoCard>
    </Box>
  );
}
