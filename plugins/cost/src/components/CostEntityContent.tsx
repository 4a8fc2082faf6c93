import { Content, EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  addMonths,
  amountToCents,
  centsToAmount,
  DAY_MS,
  EntityCostResponse,
  formatDay,
  formatMonth,
} from '@internal/plugin-cost-common';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../api/CostApi';
import { CostGroupTable } from './CostGroupTable';
import { CostTrendChart } from './CostTrendChart';
import { RightSizingSection } from './RightSizingSection';
import { currenciesOf, formatChangePercent, formatMoney } from './formatting';
import { Section } from './Section';

/** The tab's range: the last three full months and this month so far. */
function entityRange(now: Date) {
  const tomorrow = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  );
  return { from: formatDay(addMonths(now, -3)), to: formatDay(tomorrow) };
}

/**
 * This month so far against last month, per currency; the change compares
 * daily averages so that a month half gone does not read as a drop.
 */
function MonthTotals(props: { value: EntityCostResponse; now: Date }) {
  const { value, now } = props;
  const thisMonth = formatMonth(addMonths(now, 0));
  const lastMonth = formatMonth(addMonths(now, -1));
  const current = value.byMonth.find(p => p.period === thisMonth)?.costs ?? [];
  const previous = value.byMonth.find(p => p.period === lastMonth)?.costs ?? [];
  // Days this month has data for (the export may lag by a day or more).
  const daysSoFar = value.daily.filter(
    point =>
      point.period.startsWith(thisMonth) &&
      point.costs.some(c => amountToCents(c.effectiveCost.amount) !== 0),
  ).length;
  const daysLastMonth =
    (addMonths(now, 0).getTime() - addMonths(now, -1).getTime()) / DAY_MS;
  const currencies = currenciesOf([current, previous]);
  return (
    <Grid container spacing={2}>
      {currencies.map(currency => {
        const now$ = current.find(c => c.currency === currency);
        const before = previous.find(c => c.currency === currency);
        const nowCents = now$ ? amountToCents(now$.effectiveCost.amount) : 0;
        const beforeCents = before
          ? amountToCents(before.effectiveCost.amount)
          : 0;
        const percent =
          beforeCents !== 0 && daysSoFar > 0
            ? Math.round(
                ((nowCents / daysSoFar - beforeCents / daysLastMonth) /
                  Math.abs(beforeCents / daysLastMonth)) *
                  1000,
              ) / 10
            : null;
        return (
          <Grid item xs={12} md={6} key={currency}>
            <Box component="dl" m={0}>
              <Typography component="dt" variant="overline">
                This month so far ({currency})
              </Typography>
              <Typography component="dd" variant="h5" m={0}>
                {formatMoney({ currency, amount: centsToAmount(nowCents) })}
              </Typography>
              <Typography component="dt" variant="overline">
                Last month ({currency})
              </Typography>
              <Typography component="dd" variant="h6" m={0}>
                {formatMoney({ currency, amount: centsToAmount(beforeCents) })}
              </Typography>
              <Typography component="dt" variant="overline">
                Change of the daily average ({daysSoFar} days so far)
              </Typography>
              <Typography component="dd" m={0}>
                {formatChangePercent(percent)}
              </Typography>
            </Box>
          </Grid>
        );
      })}
    </Grid>
  );
}

/**
 * The Cost tab of a Component (its own cost) or a Group (what it owns):
 * this month against last, the daily trend and where the money goes.
 */
export function CostEntityContent() {
  const { entity } = useEntity();
  const costApi = useApi(costApiRef);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const now = useMemo(() => new Date(), []);
  const range = useMemo(() => entityRange(now), [now]);
  const state = useAsync(
    () =>
      costApi.entityCost(
        {
          namespace: entity.metadata.namespace ?? 'default',
          name: entity.metadata.name,
          kind: isGroup ? 'group' : 'component',
        },
        range,
      ),
    [costApi, entity, isGroup, range],
  );
  const empty = state.value?.totals.length === 0;
  const rightSizingFilter = useMemo(() => {
    const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    return isGroup ? { owner: ref } : { entityRef: ref };
  }, [entity, isGroup]);
  return (
    <Content>
      {empty ? (
        <EmptyState
          missing="data"
          title={`No cost data yet for this ${isGroup ? 'group' : 'component'}`}
          description={
            <>
              No line item from {range.from} on is allocated to it. Tag its
              cloud resources with <code>service</code> (or <code>team</code>)
              and import a FOCUS export; see docs/cost.md.
            </>
          }
        />
      ) : (
        <>
          <Section
            title={isGroup ? 'Cost of what this group owns' : 'Cost'}
            state={state}
          >
            {value => <MonthTotals value={value} now={now} />}
          </Section>
          <Section title="Daily trend" state={state}>
            {value => <CostTrendChart points={value.daily} />}
          </Section>
          <Grid container spacing={2}>
            <Grid item xs={12} md={4}>
              <Section title="By environment" state={state}>
                {value => (
                  <CostGroupTable
                    groups={value.byEnvironment}
                    label="Environment"
                  />
                )}
              </Section>
            </Grid>
            <Grid item xs={12} md={4}>
              <Section title="By category" state={state}>
                {value => (
                  <CostGroupTable groups={value.byCategory} label="Category" />
                )}
              </Section>
            </Grid>
            <Grid item xs={12} md={4}>
              <Section title="By provider" state={state}>
                {value => (
                  <CostGroupTable groups={value.byProvider} label="Provider" />
                )}
              </Section>
            </Grid>
          </Grid>
          <RightSizingSection filter={rightSizingFilter} />
          <Typography variant="body2" color="text.secondary">
            EffectiveCost (amortised) from {range.from} to today; BilledCost
            reconciles with the invoices.
          </Typography>
        </>
      )}
    </Content>
  );
}
