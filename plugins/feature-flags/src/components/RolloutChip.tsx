import {
  FlagDefinition,
  RolloutSettings,
} from '@internal/plugin-feature-flags-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { RolloutSummary, summarizeRollout } from './formatting';

const CHIP_COLORS: Record<
  RolloutSummary['tone'],
  'default' | 'primary' | 'success' | 'warning'
> = {
  off: 'default',
  partial: 'primary',
  on: 'success',
  custom: 'warning',
  disabled: 'default',
};

/**
 * One environment's rollout as a chip — `Off`, `Internal`, `Beta`, `42 %`,
 * `All`, `Custom` or `DISABLED` — its meaning on hover.
 */
export function RolloutChip(props: {
  definition?: FlagDefinition;
  rollout: RolloutSettings;
  environment: string;
}) {
  const { definition, rollout, environment } = props;
  if (!definition) {
    return (
      <Chip size="small" variant="outlined" label="—" title={environment} />
    );
  }
  const summary = summarizeRollout(definition, rollout);
  return (
    <Tooltip title={`${environment}: ${summary.description}`}>
      <Chip
        size="small"
        label={summary.label}
        color={CHIP_COLORS[summary.tone]}
        variant={summary.tone === 'disabled' ? 'outlined' : 'filled'}
        aria-label={`${environment}: ${summary.label}`}
      />
    </Tooltip>
  );
}
