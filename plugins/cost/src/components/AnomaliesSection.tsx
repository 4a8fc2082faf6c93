import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CostAnomalyReview,
  CostAnomalyReviewStatus,
  DAY_MS,
  formatDay,
  ReviewedCostAnomaly,
} from '@internal/plugin-cost-common';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
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

/** Who accepted it and why, under an accepted anomaly. */
function Explanation(props: { review: CostAnomalyReview }) {
  const { review } = props;
  return (
    <Typography variant="caption" color="text.secondary" display="block">
      Accepted by {review.reviewedBy.replace(/^user:(default\/)?/, '')}
      {review.note ? `: “${review.note}”` : ''}
    </Typography>
  );
}

/**
 * Days whose EffectiveCost broke from its trailing baseline (spikes, drops
 * and level shifts), per squad or service and currency, for a lead to
 * snooze for a week, dismiss as noise, or accept as expected — saying why,
 * so a change is explained where the next reader finds it.
 */
export function AnomaliesSection() {
  const costApi = useApi(costApiRef);
  const [groupBy, setGroupBy] = useState<'owner' | 'entity'>('owner');
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | undefined>();
  const [reviewError, setReviewError] = useState<Error | undefined>();
  /** Reviews made here, shown until the list is read again. */
  const [accepted, setAccepted] = useState<Map<string, CostAnomalyReview>>(
    new Map(),
  );
  const [explaining, setExplaining] = useState<
    ReviewedCostAnomaly | undefined
  >();
  const [explanation, setExplanation] = useState('');
  const state = useAsync(
    () => costApi.anomalies(groupBy, ANOMALY_DAYS),
    [costApi, groupBy],
  );

  const review = async (
    anomaly: ReviewedCostAnomaly,
    status: CostAnomalyReviewStatus,
    note?: string,
  ) => {
    const id = idOf(anomaly);
    setBusy(id);
    setReviewError(undefined);
    try {
      const saved = await costApi.reviewAnomaly({
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
        ...(note ? { note } : {}),
      });
      // An accepted anomaly stays listed, with its explanation.
      if (status === 'accepted') {
        setAccepted(previous => new Map(previous).set(id, saved));
      } else {
        setRemoved(previous => new Set(previous).add(id));
      }
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
                  const acceptedReview =
                    accepted.get(id) ??
                    (anomaly.review?.status === 'accepted'
                      ? anomaly.review
                      : undefined);
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
                          {acceptedReview && (
                            <Typography variant="body2">Accepted</Typography>
                          )}
                          <Button
                            size="small"
                            disabled={busy === id}
                            onClick={() => review(anomaly, 'snoozed')}
                          >
                            Snooze
                          </Button>
                          {!acceptedReview && (
                            <Button
                              size="small"
                              disabled={busy === id}
                              onClick={() => {
                                setExplanation('');
                                setExplaining(anomaly);
                              }}
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
                        {acceptedReview && (
                          <Explanation review={acceptedReview} />
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <Dialog
              open={explaining !== undefined}
              onClose={() => setExplaining(undefined)}
              fullWidth
              maxWidth="sm"
              aria-labelledby="cost-anomaly-accept-title"
            >
              <DialogTitle id="cost-anomaly-accept-title">
                Accept this change
              </DialogTitle>
              <DialogContent>
                {explaining && (
                  <Typography variant="body2" mb={2}>
                    {groupLabel(explaining.key)} on {explaining.date}:{' '}
                    {formatChange(explaining)} against{' '}
                    {formatMoney(explaining.expected)} expected.
                  </Typography>
                )}
                <TextField
                  label="Why is it expected?"
                  placeholder="e.g. Black Friday load test; the new search index"
                  value={explanation}
                  onChange={event => setExplanation(event.target.value)}
                  inputProps={{ maxLength: 2000 }}
                  multiline
                  minRows={2}
                  fullWidth
                />
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setExplaining(undefined)}>Cancel</Button>
                <Button
                  variant="contained"
                  disabled={explanation.trim() === ''}
                  onClick={() => {
                    const anomaly = explaining!;
                    setExplaining(undefined);
                    review(anomaly, 'accepted', explanation.trim());
                  }}
                >
                  Accept
                </Button>
              </DialogActions>
            </Dialog>
          </>
        );
      }}
    </Section>
  );
}
