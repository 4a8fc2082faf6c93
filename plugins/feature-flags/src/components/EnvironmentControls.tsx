import { useApi } from '@backstage/frontend-plugin-api';
import {
  EnvironmentDefinition,
  FeatureFlag,
  FeatureFlagsSettings,
  killSwitch,
  rolloutVariants,
  singleServedVariant,
  UpdateDefinitionRequest,
} from '@internal/plugin-feature-flags-common';
import PowerIcon from '@material-ui/icons/PowerSettingsNew';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import {
  featureFlagsApiRef,
  SaveDefinitionResult,
} from '../api/FeatureFlagsApi';
import { summarizeRollout } from './formatting';
import { JsonDefinitionEditor } from './JsonDefinitionEditor';
import { ProposedChange, ReviewChangeDialog } from './ReviewChangeDialog';
import { RolloutChip } from './RolloutChip';
import { RolloutLadder } from './RolloutLadder';

/** What the last save did, until the next one. */
function SaveOutcome(props: {
  result: SaveDefinitionResult;
  flagKey: string;
  environment: string;
}) {
  const { result, flagKey, environment } = props;
  if (result.status === 'pending') {
    return (
      <Alert severity="info" role="status">
        Waiting for an owner’s approval: your change to {flagKey} in{' '}
        {environment} applies once an owner of this component approves it. It is
        listed under Pending approvals.
      </Alert>
    );
  }
  return (
    <Alert severity="success" role="status">
      Saved {flagKey} in {environment} (version {result.definition.version}).
    </Alert>
  );
}

/**
 * One environment of a flag: what it serves, the kill switch, the rollout
 * ladder and the JSON editor. Every change opens the review dialog (diff
 * and reason) before it is saved.
 */
export function EnvironmentControls(props: {
  entityRef: string;
  flag: FeatureFlag;
  environment: string;
  settings: FeatureFlagsSettings;
  /** Reads the flags again; the latest definition of this environment. */
  reloadLatest(): Promise<EnvironmentDefinition | undefined>;
  onSaved(result: SaveDefinitionResult): void;
}) {
  const { entityRef, flag, environment, settings, reloadLatest, onSaved } =
    props;
  const api = useApi(featureFlagsApiRef);
  const [change, setChange] = useState<ProposedChange>();
  const [outcome, setOutcome] = useState<SaveDefinitionResult>();
  const [editingJson, setEditingJson] = useState(false);
  const current = flag.environments[environment];

  const save = useCallback(
    (request: UpdateDefinitionRequest) =>
      api.saveDefinition(entityRef, flag.key, environment, request),
    [api, entityRef, flag.key, environment],
  );

  if (!current) {
    return (
      <Alert severity="warning">
        {flag.key} has no definition in {environment}.
      </Alert>
    );
  }
  const { definition, version } = current;
  const offVariant = rolloutVariants(definition)?.offVariant;
  const alreadyOff =
    offVariant !== undefined && singleServedVariant(definition) === offVariant;
  let killSwitchHint = `Serve ${offVariant} to everyone in ${environment}, now`;
  if (!offVariant) killSwitchHint = 'This flag has no off variant';
  else if (alreadyOff) {
    killSwitchHint = `Already off for everyone in ${environment}`;
  }

  return (
    <Stack spacing={2}>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2}>
        <RolloutChip
          environment={environment}
          definition={definition}
          rollout={settings.rollout}
        />
        <Typography variant="body2">
          {summarizeRollout(definition, settings.rollout).description}
        </Typography>
        <Box flex={1} />
        <Button
          variant="contained"
          color="error"
          startIcon={<PowerIcon />}
          disabled={!offVariant || alreadyOff}
          title={killSwitchHint}
          onClick={() =>
            setChange({
              title: `Kill switch: turn ${flag.key} off for everyone in ${environment}`,
              confirmLabel: 'Kill',
              destructive: true,
              apply: latest => killSwitch(latest),
            })
          }
        >
          Kill switch
        </Button>
      </Box>
      {outcome && (
        <SaveOutcome
          result={outcome}
          flagKey={flag.key}
          environment={environment}
        />
      )}
      <RolloutLadder
        key={`ladder-${version}`}
        flagKey={flag.key}
        environment={environment}
        definition={definition}
        rollout={settings.rollout}
        onPropose={setChange}
      />
      <Box>
        <Button
          size="small"
          onClick={() => setEditingJson(!editingJson)}
          aria-expanded={editingJson}
        >
          {editingJson ? 'Hide JSON' : 'Edit JSON'}
        </Button>
        <Collapse in={editingJson}>
          <Box mt={1}>
            <JsonDefinitionEditor
              flagKey={flag.key}
              environment={environment}
              definition={definition}
              evaluators={settings.evaluators}
              onPropose={setChange}
            />
          </Box>
        </Collapse>
      </Box>
      {change && (
        <ReviewChangeDialog
          flagKey={flag.key}
          environment={environment}
          base={current}
          change={change}
          needsApprovalFromNonOwners={settings.approvalEnvironments.includes(
            environment,
          )}
          save={save}
          reloadLatest={reloadLatest}
          onClose={() => setChange(undefined)}
          onSaved={result => {
            setChange(undefined);
            setOutcome(result);
            onSaved(result);
          }}
        />
      )}
    </Stack>
  );
}
