import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CostAnomalyReviewStatus,
  DAY_MS,
  formatDay,
  ReviewedCostAnomaly,
} from '@internal/plugin-cost-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../api/CostApi';
import { formatMoney, groupLabel } from './formatting';
import { Section } from './Section';

/** Days the page lists, and how long Snooze hides an anomaly. */
const ANOMALY_DAYS = 60;
const SNOOZE_DAYS = 7;

const idOf = (a: ReviewedCostAnomaly) => `${a.key}|${a.currency}|${a.date}`;

/** `+200.00 (+200 %)` in the anomaly's currency. */
function formatChange(anomaly: ReviewedCostAnomaly): string {
  const delta = Number(anomaly.delta.amount);
  const expected = Number(anomaly.expected.amount);
  const money = formatMoney(anomaly.delta);
  const signed = delta > 0 ? `+${money}` : money;
  if (expected === 0) return signed;
  const percent = Math.round((delta / Math.abs(expected)) * 100);
  return `${signed} (${percent > 0 ? '+' : ''}${percent} %)`;
}

function KindChip(props: { anomaly: ReviewedCostAnomaly }) {
  const { anomaly } = props;
  const up = Number(anomaly.delta.amount) > 0;
  const label =
    anomaly.kind === 'step'
      ? `step ${up ? 'up' : 'down'} · ${anomaly.days} days`
      : anomaly.kind;
  return (
    <Chip
      size="small"
      label={label}
      color={up ? 'warning' : 'info'}
      variant={anomaly.kind === 'step' ? 'filled' : 'outlined'}
    />
  );
}

/**
 * Days whose EffectiveCost broke from its trailing baseline (spikes, drops
 * and level shifts), per squad or service and currency, for a lead to
 * snooze for a week, accept as expected, or dismiss as noise.
 */
export function AnomaliesSection() {
  const costApi = useApi(costApiRef);
  const [groupBy, setGroupBy] = useState<'owner' | 'entity'>('owner');
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | undefined>();
  const [reviewError, setReviewError] = useState<Error | undefined>();
  const state = useAsync(
    () => costApi.anomalies(groupBy, ANOMALY_DAYS),
    [costApi, groupBy],
  );

  const review = async (
    anomaly: ReviewedCostAnomaly,
    status: CostAnomalyReviewStatus,
  ) => {
    const id = idOf(anomaly);
    setBusy(id);
    setReviewError(undefined);
    try {
      await costApi.reviewAnomaly({
        key: anomaly.key,
        currency: anomaly.currency,
        date: anomaly.date,
        status,
        ...(status === 'snoozed'
          ? {
              snoozedUntil: formatDay(
                new Date(Date.now() + SNOOZE_DAYS * DAY_MS),
              ),
            }
          : {}),
      });
      setRemoved(previous => new Set(previous).add(id));
    } catch (error) {
      setReviewError(error as Error);
    } finally {
      setBusy(undefined);
    }
  };

  const label = groupBy === 'owner' ? 'Squad' : 'Service';
  return (
    <Section
      title="Anomalies"
      state={state}
      action={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={groupBy}
          onChange={(_, next) => next && setGroupBy(next)}
          aria-label="Anomalies by"
        >
          <ToggleButton value="owner">By squad</ToggleButton>
          <ToggleButton value="entity">By service</ToggleButton>
        </ToggleButtonGroup>
      }
    >
      {value => {
        const rows = value.anomalies.filter(a => !removed.has(idOf(a)));
        if (rows.length === 0) {
          return (
            <Typography variant="body2" color="text.secondary">
              No anomalies in the last {ANOMALY_DAYS} days.
            </Typography>
          );
        }
        return (
          <>
            {reviewError && <ResponseErrorPanel error={reviewError} />}
            <Typography variant="body2" color="text.secondary" mb={1}>
              Daily EffectiveCost against the median of the 4 weeks before (same
              weekday), up to {value.asOf}.
            </Typography>
            <Table size="small" aria-label="Cost anomalies">
              <TableHead>
                <TableRow>
                  <TableCell>{label}</TableCell>
                  <TableCell>Date</TableCell>
                  <TableCell align="right">Actual</TableCell>
                  <TableCell align="right">Expected</TableCell>
                  <TableCell align="right">Change</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>Review</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(anomaly => {
                  const id = idOf(anomaly);
                  return (
                    <TableRow key={id}>
                      <TableCell>{groupLabel(anomaly.key)}</TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {anomaly.date}
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(anomaly.actual)}
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(anomaly.expected)}
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {formatChange(anomaly)}
                      </TableCell>
                      <TableCell>
                        <KindChip anomaly={anomaly} />
                      </TableCell>
                      <TableCell>
                        <Box display="flex" gap={1} alignItems="center">
                          {anomaly.review?.status === 'accepted' && (
                            <Typography variant="body2">Accepted</Typography>
                          )}
                          <Button
                            size="small"
                            disabled={busy === id}
                            onClick={() => review(anomaly, 'snoozed')}
                          >
                            Snooze
                          </Button>
                          {anomaly.review?.status !== 'accepted' && (
                            <Button
                              size="small"
                              disabled={busy === id}
                              onClick={() => review(anomaly, 'accepted')}
                            >
                              Accept
                            </Button>
                          )}
                          <Button
                            size="small"
                            disabled={busy === id}
                            onClick={() => review(anomaly, 'dismissed')}
                          >
                            Dismiss
                          </Button>
                        </Box>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </>
        );
      }}
    </Section>
  );
}
