import {
  applyRolloutStage,
  availableRolloutStages,
  describeRollout,
  FlagDefinition,
  RolloutSettings,
  RolloutStage,
  rolloutVariants,
} from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Slider from '@mui/material/Slider';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { stageLabel } from './formatting';
import { ProposedChange } from './ReviewChangeDialog';

const DEFAULT_PERCENTAGE = 10;

/** The dialog title of a ladder step: `Roll out new-checkout to 25 % in staging`. */
function stepTitle(
  flagKey: string,
  environment: string,
  stage: RolloutStage,
  percentage: number,
): string {
  switch (stage) {
    case 'off':
      return `Turn ${flagKey} off in ${environment}`;
    case 'all':
      return `Roll ${flagKey} out to everyone in ${environment}`;
    case 'percentage':
      return `Roll ${flagKey} out to ${percentage} % in ${environment}`;
    default:
      return `Roll ${flagKey} out to ${stage} users in ${environment}`;
  }
}

/**
 * The rollout ladder of one environment: off → internal → beta → x % →
 * all (stages whose segment is not configured left out). Picking a stage
 * proposes the targeting the ladder writes; the review dialog saves it.
 */
export function RolloutLadder(props: {
  flagKey: string;
  environment: string;
  definition: FlagDefinition;
  rollout: RolloutSettings;
  onPropose(change: ProposedChange): void;
}) {
  const { flagKey, environment, definition, rollout, onPropose } = props;
  const variants = rolloutVariants(definition);
  const current = describeRollout(definition, rollout, variants);
  const [stage, setStage] = useState<RolloutStage | undefined>(
    current.stage === 'custom' ? undefined : current.stage,
  );
  const [percentage, setPercentageValue] = useState(
    current.stage === 'percentage' ? current.percentage : DEFAULT_PERCENTAGE,
  );
  // The field's text, so it can be blank or half-typed while the value stays valid.
  const [percentageText, setPercentageText] = useState(String(percentage));
  const setPercentage = (value: number) => {
    setPercentageValue(value);
    setPercentageText(String(value));
  };

  if (!variants) {
    return (
      <Alert severity="info">
        The rollout ladder needs an on and an off variant (a boolean flag, or
        variants named on and off); edit this flag’s JSON instead.
      </Alert>
    );
  }

  const unchanged =
    stage === current.stage &&
    (stage !== 'percentage' ||
      (current.stage === 'percentage' && current.percentage === percentage));

  const propose = () => {
    if (!stage) return;
    onPropose({
      title: stepTitle(flagKey, environment, stage, percentage),
      confirmLabel: 'Save',
      apply: latest =>
        applyRolloutStage(latest, stage, {
          ...variants,
          rollout,
          percentage: stage === 'percentage' ? percentage : undefined,
        }),
    });
  };

  return (
    <Box component="section" aria-label={`Rollout in ${environment}`}>
      <Typography variant="subtitle2" gutterBottom>
        Rollout ladder
      </Typography>
      {current.stage === 'custom' && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          This environment has custom targeting. Picking a stage replaces it —
          the preview shows how.
        </Alert>
      )}
      <Box display="flex" flexWrap="wrap" alignItems="center" gap={2}>
        <ToggleButtonGroup
          exclusive
          size="small"
          color="primary"
          aria-label="Rollout stage"
          value={stage ?? null}
          onChange={(_event, next: RolloutStage | null) => {
            if (next) setStage(next);
          }}
        >
          {availableRolloutStages(rollout).map(option => (
            <ToggleButton key={option} value={option}>
              {stageLabel(option)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        {stage === 'percentage' && (
          <Box display="flex" alignItems="center" gap={2} minWidth={320}>
            <Slider
              value={percentage}
              min={1}
              max={99}
              onChange={(_event, value) => setPercentage(value as number)}
              valueLabelDisplay="auto"
              valueLabelFormat={value => `${value} %`}
              aria-label="Percentage slider"
              sx={{ flex: 1 }}
            />
            <TextField
              label="Percentage"
              type="number"
              size="small"
              value={percentageText}
              onChange={event => {
                setPercentageText(event.target.value);
                const value = Number(event.target.value);
                if (Number.isInteger(value) && value >= 1 && value <= 99) {
                  setPercentageValue(value);
                }
              }}
              onBlur={() => setPercentageText(String(percentage))}
              inputProps={{ min: 1, max: 99, step: 1 }}
              sx={{ width: 110 }}
            />
          </Box>
        )}
        <Button
          variant="contained"
          onClick={propose}
          disabled={!stage || unchanged}
        >
          Review change
        </Button>
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        Users keep their bucket as the percentage grows: whoever had the feature
        at 10 % still has it at 25 %.
      </Typography>
    </Box>
  );
}
