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
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { PerformanceLevel } from '@internal/plugin-dora-common';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { doraApiRef } from '../api/DoraApi';
import { DEFINITIONS } from './definitions';
import { Filters, filterToSearch, useDoraFilter } from './Filters';
import {
  formatDuration,
  formatPercent,
  formatPerDay,
  NO_VALUE,
  RankedMetric,
  windowLabel,
} from './formatting';
import { LevelChip } from './LevelChip';
import { NoDeploymentsHint } from './NoDeploymentsHint';
import { rankSquads, RankedSquad } from './ranking';

/** A squad as a table row: the sortable values flattened. */
type SquadRow = RankedSquad & {
  id: string;
  perDay: number;
  leadTime: number | null;
  changeFailureRate: number | null;
  recovery: number | null;
  /** Where its DORA tab is, with the page's filters. */
  doraTab: string;
};

/** Sorts by a nullable number; `null` (no data) counts as the largest. */
const byNullable =
  (key: 'leadTime' | 'changeFailureRate' | 'recovery') =>
  (a: SquadRow, b: SquadRow) =>
    (a[key] ?? Number.POSITIVE_INFINITY) - (b[key] ?? Number.POSITIVE_INFINITY);

function Measure(props: {
  value: string;
  level: PerformanceLevel | null;
  metric: RankedMetric;
  row: SquadRow;
}) {
  return (
    <Box display="flex" alignItems="center" gap={1} flexWrap="wrap">
      <Typography variant="body2" component="span">
        {props.value}
      </Typography>
      <LevelChip
        level={props.level}
        metric={props.metric}
        bands={props.row.metrics.bands}
      />
    </Box>
  );
}

/** A column title that shows the metric's definition on hover. */
function Defined(props: { title: string; definition: string }) {
  return (
    <Tooltip describeChild title={props.definition}>
      <span style={{ textDecoration: 'underline dotted' }}>{props.title}</span>
    </Tooltip>
  );
}

const columns: TableColumn<SquadRow>[] = [
  {
    title: '#',
    field: 'rank',
    defaultSort: 'asc',
    width: '48px',
    render: row => (row.score === null ? NO_VALUE : row.rank),
  },
  {
    title: 'Squad',
    field: 'title',
    highlight: true,
    render: row => (
      <EntityRefLink
        entityRef={row.entityRef}
        defaultKind="group"
        title={row.title}
      />
    ),
  },
  { title: 'Components', field: 'components', type: 'numeric' },
  {
    title: (
      <Defined
        title="Deployments / day"
        definition={DEFINITIONS.deploymentFrequency}
      />
    ),
    field: 'perDay',
    render: row => (
      <Measure
        value={formatPerDay(row.perDay)}
        level={row.metrics.deploymentFrequency.level}
        metric="deploymentFrequency"
        row={row}
      />
    ),
  },
  {
    title: (
      <Defined title="Lead time (median)" definition={DEFINITIONS.leadTime} />
    ),
    field: 'leadTime',
    customSort: byNullable('leadTime'),
    render: row => (
      <Measure
        value={formatDuration(row.leadTime)}
        level={row.metrics.leadTime.level}
        metric="leadTime"
        row={row}
      />
    ),
  },
  {
    title: (
      <Defined
        title="Change failure rate"
        definition={DEFINITIONS.changeFailureRate}
      />
    ),
    field: 'changeFailureRate',
    customSort: byNullable('changeFailureRate'),
    render: row => (
      <Measure
        value={formatPercent(row.changeFailureRate)}
        level={row.metrics.changeFailureRate.level}
        metric="changeFailureRate"
        row={row}
      />
    ),
  },
  {
    title: (
      <Defined
        title="Recovery (median)"
        definition={DEFINITIONS.failedDeploymentRecoveryTime}
      />
    ),
    field: 'recovery',
    customSort: byNullable('recovery'),
    render: row => (
      <Measure
        value={formatDuration(row.recovery)}
        level={row.metrics.failedDeploymentRecoveryTime.level}
        metric="recovery"
        row={row}
      />
    ),
  },
  {
    title: '',
    sorting: false,
    render: row => (
      <Link to={row.doraTab} aria-label={`DORA of ${row.title}`}>
        DORA tab
      </Link>
    ),
  },
];

function Squads() {
  const doraApi = useApi(doraApiRef);
  const entityLink = useEntityRefLink();
  const { state, filter, setState } = useDoraFilter();
  const { value, loading, error } = useAsync(
    () => doraApi.squads(filter),
    [doraApi, filter],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value?.squads.length) {
    body = (
      <EmptyState
        missing="data"
        title="No squad owns a component yet"
        description="Squads are the catalog Groups named as spec.owner by Components. Once a Group owns a Component, it is listed here with its metrics."
      />
    );
  } else {
    const search = filterToSearch(state);
    const rows: SquadRow[] = rankSquads(value.squads).map(squad => ({
      ...squad,
      id: squad.entityRef,
      perDay: squad.metrics.deploymentFrequency.perDay,
      leadTime: squad.metrics.leadTime.medianSeconds,
      changeFailureRate: squad.metrics.changeFailureRate.rate,
      recovery: squad.metrics.failedDeploymentRecoveryTime.medianSeconds,
      doraTab: `${entityLink(squad.entityRef)}/dora${
        search ? `?${search}` : ''
      }`,
    }));
    const anyDeployment = rows.some(
      row => row.metrics.deploymentFrequency.deployments > 0,
    );
    body = (
      <>
        {!anyDeployment && (
          <NoDeploymentsHint
            windowDays={state.windowDays}
            environment={state.environment || undefined}
          />
        )}
        <Box component="section" aria-label="Squads">
          <Table<SquadRow>
            title={`Squads (${rows.length})`}
            subtitle={`Last ${windowLabel(state.windowDays)}${
              state.environment ? `, ${state.environment} only` : ''
            } · ranked by the mean of their four key metrics’ levels (elite 3 … low 0), then deployments per day`}
            options={{
              paging: rows.length > 25,
              pageSize: 25,
              padding: 'dense',
              search: rows.length > 5,
            }}
            columns={columns}
            data={rows}
          />
        </Box>
      </>
    );
  }

  return (
    <>
      <Filters state={state} onChange={setState} />
      {body}
    </>
  );
}

/**
 * The squads page for leads: every Group that owns Components, ranked by
 * its DORA metrics, each linking to its DORA tab.
 */
export function DoraPage() {
  return (
    <Content>
      <Box mb={2}>
        <Typography variant="body1">
          How often each squad ships to production, how long a change takes to
          get there, how often a deployment fails and how fast it recovers.{' '}
          {DEFINITIONS.squads} Compare a squad with its own past first: the
          levels are the Accelerate State of DevOps bands, not targets. Hover a
          column for its definition.
        </Typography>
      </Box>
      <Squads />
    </Content>
  );
}
