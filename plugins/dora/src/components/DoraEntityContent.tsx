import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { doraApiRef } from '../api/DoraApi';
import { DEFINITIONS } from './definitions';
import { DrillDown } from './DrillDown';
import { Filters, useDoraFilter } from './Filters';
import { formatDateTime, windowLabel } from './formatting';
import { MetricTiles } from './MetricTiles';
import { NoDeploymentsHint } from './NoDeploymentsHint';
import { TrendChart } from './TrendChart';

/**
 * The DORA tab of a Component or Group: filters, the metric tiles, the
 * weekly trend and the records behind the numbers.
 */
export function DoraEntityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const doraApi = useApi(doraApiRef);
  const { state, filter: windowFilter, setState } = useDoraFilter();
  const filter = useMemo(
    () => ({ ...windowFilter, entityRef }),
    [windowFilter, entityRef],
  );
  const {
    value: metrics,
    loading,
    error,
  } = useAsync(() => doraApi.metrics(filter), [doraApi, filter]);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (metrics) {
    body = (
      <>
        {metrics.deploymentFrequency.deployments === 0 && (
          <NoDeploymentsHint
            windowDays={state.windowDays}
            environment={state.environment || undefined}
            entity={entity}
          />
        )}
        <Box component="section" aria-label="DORA metrics" mb={2}>
          <Typography variant="body2" color="text.secondary" mb={1}>
            {isGroup
              ? 'Pooled over the components this group owns, '
              : 'Production deployments of this component, '}
            {formatDateTime(metrics.window.from)} –{' '}
            {formatDateTime(metrics.window.to)} (
            {windowLabel(metrics.window.days)}
            {state.environment ? `, ${state.environment} only` : ''}). Levels by
            the Accelerate State of DevOps {metrics.bands} bands.{' '}
            {DEFINITIONS.percentiles}
          </Typography>
          <MetricTiles metrics={metrics} />
        </Box>
        <TrendChart filter={filter} />
        <DrillDown filter={filter} showService={isGroup} />
      </>
    );
  }

  return (
    <Box>
      <Filters state={state} onChange={setState} />
      {body}
    </Box>
  );
}
