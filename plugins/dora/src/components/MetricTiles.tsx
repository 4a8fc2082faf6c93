import {
  BandsVersion,
  DoraMetrics,
  DurationSummary,
  PerformanceLevel,
} from '@internal/plugin-dora-common';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { DEFINITIONS } from './definitions';
import {
  formatDays,
  formatDuration,
  formatPercent,
  formatPerDay,
  formatPerWeek,
  NO_VALUE,
  plural,
  RankedMetric,
  windowLabel,
} from './formatting';
import { InfoTooltip } from './InfoTooltip';
import { LevelChip } from './LevelChip';

type TileProps = {
  title: string;
  definition: string;
  /** `undefined`: the reports do not rank this metric. */
  level?: PerformanceLevel | null;
  metric?: RankedMetric;
  bands: BandsVersion;
  value: string;
  children?: ReactNode;
};

/** One metric: its value, its level and what it means; a region named by its title. */
function Tile(props: TileProps) {
  const { title, definition, level, metric, bands, value, children } = props;
  return (
    <Box component="section" aria-label={title}>
      <Card variant="outlined" sx={{ height: '100%' }}>
        <CardContent>
          <Box display="flex" alignItems="center" gap={0.5} mb={1}>
            <Typography variant="subtitle2" component="h3" sx={{ flexGrow: 1 }}>
              {title}
            </Typography>
            <InfoTooltip title={title} definition={definition} />
            {level === undefined ? (
              <Tooltip
                describeChild
                title="The DORA reports give this metric no performance bands."
              >
                <Chip size="small" variant="outlined" label="Not ranked" />
              </Tooltip>
            ) : (
              <LevelChip level={level} metric={metric} bands={bands} />
            )}
          </Box>
          <Typography
            variant="h4"
            component="p"
            data-testid="metric-value"
            gutterBottom
          >
            {value}
          </Typography>
          {children}
        </CardContent>
      </Card>
    </Box>
  );
}

function Detail({ children }: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary">
      {children}
    </Typography>
  );
}

/** `p90 6 days · 18 changes`: the spread behind a median. */
function spread(summary: DurationSummary, noun: string, nouns?: string) {
  return `p90 ${formatDuration(summary.p90Seconds)} · ${plural(
    summary.count,
    noun,
    nouns,
  )}`;
}

const STAGES = [
  {
    key: 'coding',
    label: 'Coding',
    colour: '#5c6bc0',
    hint: 'first commit → opened',
  },
  {
    key: 'pickup',
    label: 'Pickup',
    colour: '#26a69a',
    hint: 'opened → first review',
  },
  {
    key: 'review',
    label: 'Review',
    colour: '#ffa726',
    hint: 'first review → merged',
  },
  {
    key: 'deploy',
    label: 'Deploy',
    colour: '#ab47bc',
    hint: 'merged → deployed',
  },
] as const;

/** The lead-time stages' medians: a stacked bar and one line each. */
export function LeadTimeStages({
  stages,
}: {
  stages: DoraMetrics['leadTime']['stages'];
}) {
  const total = STAGES.reduce(
    (sum, stage) => sum + (stages[stage.key].medianSeconds ?? 0),
    0,
  );
  return (
    <Box mt={1} aria-label="Lead time by stage (medians)" role="group">
      {total > 0 && (
        <Box
          display="flex"
          height={10}
          borderRadius={1}
          overflow="hidden"
          mb={1}
          aria-hidden
        >
          {STAGES.map(stage => {
            const seconds = stages[stage.key].medianSeconds ?? 0;
            return seconds > 0 ? (
              <Box
                key={stage.key}
                sx={{ flexGrow: seconds, bgcolor: stage.colour }}
                title={`${stage.label}: ${formatDuration(seconds)}`}
              />
            ) : null;
          })}
        </Box>
      )}
      {STAGES.map(stage => (
        <Box
          key={stage.key}
          display="flex"
          alignItems="center"
          gap={1}
          title={stage.hint}
        >
          <Box
            width={10}
            height={10}
            borderRadius="2px"
            bgcolor={stage.colour}
            flexShrink={0}
            aria-hidden
          />
          <Typography variant="body2" sx={{ flexGrow: 1 }}>
            {stage.label}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {formatDuration(stages[stage.key].medianSeconds)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

/**
 * The DORA metrics of one Component, Group or squad as tiles: deployment
 * frequency, lead time (with its stages), change failure rate, failed
 * deployment recovery time, time to restore and rework rate.
 */
export function MetricTiles({ metrics }: { metrics: DoraMetrics }) {
  const {
    deploymentFrequency: frequency,
    leadTime,
    changeFailureRate: failures,
    failedDeploymentRecoveryTime: recovery,
    timeToRestore,
    reworkRate: rework,
    bands,
  } = metrics;
  return (
    <Box
      display="grid"
      gap={2}
      sx={{ gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))' }}
    >
      <Tile
        title="Deployment frequency"
        definition={DEFINITIONS.deploymentFrequency}
        level={frequency.level}
        metric="deploymentFrequency"
        bands={bands}
        value={formatPerDay(frequency.perDay)}
      >
        <Detail>
          {plural(frequency.deployments, 'deployment')} in{' '}
          {windowLabel(metrics.window.days)} (≈{' '}
          {formatPerWeek(frequency.perDay)})
        </Detail>
        <Detail>
          Deploy days per week:{' '}
          {frequency.medianDeployDaysPerWeek === null
            ? `${NO_VALUE} (no whole week in the window)`
            : formatDays(frequency.medianDeployDaysPerWeek)}
        </Detail>
      </Tile>
      <Tile
        title="Lead time for changes"
        definition={DEFINITIONS.leadTime}
        level={leadTime.level}
        metric="leadTime"
        bands={bands}
        value={formatDuration(leadTime.medianSeconds)}
      >
        <Detail>Median · {spread(leadTime, 'change')}</Detail>
        {leadTime.count > 0 && <LeadTimeStages stages={leadTime.stages} />}
      </Tile>
      <Tile
        title="Change failure rate"
        definition={DEFINITIONS.changeFailureRate}
        level={failures.level}
        metric="changeFailureRate"
        bands={bands}
        value={formatPercent(failures.rate)}
      >
        <Detail>
          {failures.failedDeployments.toLocaleString('en-US')} failed of{' '}
          {plural(failures.deployments, 'deployment')}
        </Detail>
      </Tile>
      <Tile
        title="Failed deployment recovery time"
        definition={DEFINITIONS.failedDeploymentRecoveryTime}
        level={recovery.level}
        metric="recovery"
        bands={bands}
        value={formatDuration(recovery.medianSeconds)}
      >
        <Detail>Median · {spread(recovery, 'recovered failure')}</Detail>
      </Tile>
      <Tile
        title="Time to restore service"
        definition={DEFINITIONS.timeToRestore}
        level={timeToRestore.level}
        metric="recovery"
        bands={bands}
        value={formatDuration(timeToRestore.medianSeconds)}
      >
        <Detail>Median · {spread(timeToRestore, 'resolved incident')}</Detail>
      </Tile>
      <Tile
        title="Deployment rework rate"
        definition={DEFINITIONS.reworkRate}
        bands={bands}
        value={formatPercent(rework.rate)}
      >
        <Detail>
          {rework.unplannedDeployments.toLocaleString('en-US')} unplanned of{' '}
          {plural(rework.deployments, 'deployment')}
        </Detail>
      </Tile>
    </Box>
  );
}
