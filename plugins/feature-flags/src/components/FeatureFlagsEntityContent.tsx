import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import AddIcon from '@material-ui/icons/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiKeysSection } from './ApiKeysSection';
import { CreateFlagDialog } from './CreateFlagDialog';
import { FlagPanel } from './FlagPanel';
import { FlagsTable } from './FlagsTable';
import { PendingChangeRequests } from './PendingChangeRequests';
import { useEntityFlags } from './useEntityFlags';

/** `?flag=new-checkout&environment=staging`: the open flag and environment, so links can carry them. */
function useSelection() {
  const [params, setParams] = useSearchParams();
  const select = useCallback(
    (next: { flag?: string; environment?: string }) =>
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          for (const [name, value] of Object.entries(next)) {
            if (value) updated.set(name, value);
            else updated.delete(name);
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return {
    flagKey: params.get('flag') ?? undefined,
    environment: params.get('environment') ?? undefined,
    select,
  };
}

/**
 * The Feature flags tab of a Component: its flags × environments, the
 * open flag (rollout ladder, kill switch, JSON, evaluations, audit log),
 * changes waiting for approval, and API keys.
 */
export function FeatureFlagsEntityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const flags = useEntityFlags(entityRef);
  const { reload } = flags;
  const selection = useSelection();
  const [creating, setCreating] = useState(false);
  // Bumped by saves, so the pending approvals are read again after a 202.
  const [savedCount, setSavedCount] = useState(0);

  const reloadLatest = useCallback(
    async (flagKey: string, environment: string) => {
      const latest = await reload();
      return latest.find(flag => flag.key === flagKey)?.environments[
        environment
      ];
    },
    [reload],
  );
  const onSaved = useCallback(() => {
    setSavedCount(count => count + 1);
    reload().catch(() => undefined);
  }, [reload]);

  const createButton = (
    <Button
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => setCreating(true)}
    >
      Create flag
    </Button>
  );

  let body;
  if (flags.loading) {
    body = <Progress />;
  } else if (flags.error) {
    body = <ResponseErrorPanel error={flags.error} />;
  } else if (flags.settings && flags.flags) {
    const settings = flags.settings;
    const environments = settings.environments;
    const selected = flags.flags.find(flag => flag.key === selection.flagKey);
    const environment =
      selection.environment && environments.includes(selection.environment)
        ? selection.environment
        : environments[0];
    body = (
      <>
        <PendingChangeRequests
          entityRef={entityRef}
          refreshKey={savedCount}
          hideWhenEmpty
          onDecided={() => reload().catch(() => undefined)}
        />
        {flags.flags.length === 0 ? (
          <EmptyState
            missing="content"
            title="No flags yet — create one"
            description="A flag separates deploying code from releasing it: ship the code off, then roll it out internal → beta → a percentage → everyone, and turn it off in seconds if it misbehaves."
            action={createButton}
          />
        ) : (
          <Box component="section" aria-label="Flags" mb={3}>
            <FlagsTable
              flags={flags.flags}
              environments={environments}
              rollout={settings.rollout}
              selectedKey={selected?.key}
              flagHref={key => `?flag=${encodeURIComponent(key)}`}
            />
          </Box>
        )}
        {selected && environment && (
          <FlagPanel
            entityRef={entityRef}
            flag={selected}
            settings={settings}
            environment={environment}
            onEnvironmentChange={next =>
              selection.select({ environment: next })
            }
            reloadLatest={reloadLatest}
            onSaved={onSaved}
            onArchived={() => {
              selection.select({ flag: undefined, environment: undefined });
              reload().catch(() => undefined);
            }}
          />
        )}
        {!selected && flags.flags.length > 0 && (
          <Typography variant="body2" color="text.secondary">
            Open a flag to roll it out, kill it, edit its JSON, and see its
            evaluations and audit log.
          </Typography>
        )}
        <ApiKeysSection entityRef={entityRef} environments={environments} />
      </>
    );
  }

  return (
    <Box>
      <Box display="flex" alignItems="center" gap={2} mb={2}>
        <Typography variant="body1" sx={{ flex: 1 }}>
          Flags of this component, per environment in rollout order. Every
          change shows its diff and needs a reason; all of it is in the audit
          log.
        </Typography>
        {flags.flags?.length !== 0 && createButton}
      </Box>
      {body}
      <CreateFlagDialog
        entityRef={entityRef}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={flag => {
          setCreating(false);
          reload()
            .then(() => selection.select({ flag: flag.key }))
            .catch(() => undefined);
        }}
      />
    </Box>
  );
}
