import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { COST_GROUP_BYS, CostGroupBy } from '@internal/plugin-cost-common';
import { saveFile } from '@internal/plugin-paved-react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { costApiRef } from '../api/CostApi';
import { AnomaliesSection } from './AnomaliesSection';
import { CostGroupChart } from './CostGroupChart';
import { CostGroupTable } from './CostGroupTable';
import { CostTrendChart } from './CostTrendChart';
import {
  formatMoney,
  GROUP_BY_LABELS,
  PeriodId,
  periodRange,
  PERIODS,
} from './formatting';
import { MonthOverMonthTable } from './MonthOverMonthTable';
import { NonProductionSection } from './NonProductionSection';
import { RightSizingSection } from './RightSizingSection';
import { ImportFileButton } from './ImportFileDialog';
import { SourcesStatus } from './SourcesStatus';
import { Section } from './Section';
import { UnallocatedTable } from './UnallocatedTable';

/** Where to read how to import cost data. */
const NO_DATA_HINT = (
  <>
    Configure <code>cost.imports.focusFiles</code> with the path of a FOCUS 1.2
    CSV export (AWS Data Exports, Azure Cost Management and Google Cloud Billing
    all write one), <code>cost.imports.awsCostExplorer</code>, or{' '}
    <code>cost.imports.openCost</code> for a Kubernetes cluster; or POST a file
    to <code>/api/cost/imports?source=…</code>. See docs/cost.md.
  </>
);

/**
 * The cost page for leads, at /cost: cost by squad (or service,
 * environment, provider, category), the trend, month-over-month changes
 * with those over the threshold flagged, cost anomalies to review, the
 * non-production share and its off-hours saving, Kubernetes right-sizing,
 * and the unallocated cost; above them, which sources are stale and why.
 */
export function CostPage() {
  const costApi = useApi(costApiRef);
  const [period, setPeriod] = useState<PeriodId>('last-month');
  const [groupBy, setGroupBy] = useState<CostGroupBy>('owner');
  const [changesBy, setChangesBy] = useState<'owner' | 'entity'>('owner');
  const { range, interval, month } = useMemo(
    () => periodRange(period),
    [period],
  );

  // Bumped after an import: every section reads again.
  const [reload, setReload] = useState(0);
  const onImported = useCallback(() => setReload(n => n + 1), []);
  const sources = useAsync(() => costApi.sources(), [costApi, reload]);
  const summary = useAsync(
    () => costApi.summary(range, groupBy),
    [costApi, range, groupBy, reload],
  );
  const trend = useAsync(
    () => costApi.trend(range, interval),
    [costApi, range, interval, reload],
  );
  const monthOverMonth = useAsync(
    () => costApi.monthOverMonth(month, changesBy),
    [costApi, month, changesBy, reload],
  );
  const unallocated = useAsync(
    () => costApi.unallocated(range, 10),
    [costApi, range, reload],
  );
  const [download, downloadCsv] = useAsyncFn(
    async () => saveFile(await costApi.summaryCsv(range, groupBy)),
    [costApi, range, groupBy],
  );

  const noImports = sources.value?.sources.every(
    source => source.lastImport === null,
  );
  const noCost = summary.value?.totals.length === 0;

  let body;
  if (sources.loading) {
    body = <Progress />;
  } else if (sources.error) {
    body = <ResponseErrorPanel error={sources.error} />;
  } else if (noImports) {
    body = (
      <EmptyState
        missing="data"
        title="No cost data yet — import a FOCUS export"
        description={NO_DATA_HINT}
      />
    );
  } else {
    body = (
      <>
        <Box display="flex" gap={2} alignItems="center" mb={2} flexWrap="wrap">
          <TextField
            select
            size="small"
            label="Period"
            value={period}
            onChange={event => setPeriod(event.target.value as PeriodId)}
            sx={{ minWidth: 200 }}
          >
            {PERIODS.map(p => (
              <MenuItem key={p.id} value={p.id}>
                {p.label}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="text.secondary">
            {range.from} to {range.to} (exclusive)
          </Typography>
        </Box>
        {noCost && (
          <EmptyState
            missing="data"
            title="No cost data yet for this period — import a FOCUS export"
            description={NO_DATA_HINT}
          />
        )}
        <Section
          title="Cost"
          state={summary}
          action={
            <Button
              size="small"
              variant="outlined"
              onClick={downloadCsv}
              disabled={download.loading || noCost}
            >
              Download CSV
            </Button>
          }
        >
          {value => (
            <>
              {download.error && <ResponseErrorPanel error={download.error} />}
              <ToggleButtonGroup
                size="small"
                exclusive
                value={groupBy}
                onChange={(_, next) => next && setGroupBy(next)}
                aria-label="Group by"
                sx={{ mb: 1 }}
              >
                {COST_GROUP_BYS.map(by => (
                  <ToggleButton key={by} value={by}>
                    {GROUP_BY_LABELS[by]}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
              <Typography variant="body2" mb={1}>
                Total:{' '}
                {value.totals
                  .map(
                    total =>
                      `${formatMoney(
                        total.effectiveCost,
                      )} effective, ${formatMoney(total.billedCost)} billed`,
                  )
                  .join(' · ') || 'none'}
              </Typography>
              <CostGroupChart groups={value.groups} />
              <CostGroupTable
                groups={value.groups}
                label={GROUP_BY_LABELS[value.groupBy]}
              />
            </>
          )}
        </Section>
        <NonProductionSection key={`non-production-${reload}`} range={range} />
        <Section
          title={interval === 'month' ? 'Monthly trend' : 'Daily trend'}
          state={trend}
        >
          {value => <CostTrendChart points={value.points} />}
        </Section>
        <Section
          title="Month over month"
          state={monthOverMonth}
          action={
            <ToggleButtonGroup
              size="small"
              exclusive
              value={changesBy}
              onChange={(_, next) => next && setChangesBy(next)}
              aria-label="Changes by"
            >
              <ToggleButton value="owner">Squads</ToggleButton>
              <ToggleButton value="entity">Services</ToggleButton>
            </ToggleButtonGroup>
          }
        >
          {value => <MonthOverMonthTable value={value} />}
        </Section>
        <AnomaliesSection key={`anomalies-${reload}`} />
        <RightSizingSection key={`right-sizing-${reload}`} />
        <Section title="Unallocated" state={unallocated}>
          {value => <UnallocatedTable value={value} />}
        </Section>
      </>
    );
  }

  return (
    <Content>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h4" component="h1" mb={1}>
          Cost
        </Typography>
        <ImportFileButton onImported={onImported} />
      </Box>
      {sources.value && <SourcesStatus value={sources.value} />}
      {body}
    </Content>
  );
}
