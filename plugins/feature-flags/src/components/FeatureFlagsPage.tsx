import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { shortRef } from './formatting';
import { OrgFlagsTable } from './OrgFlagsTable';
import { PendingChangeRequests } from './PendingChangeRequests';
import { StaleFlagsReport } from './StaleFlagsReport';
import { useFlagTabLink } from './useFlagTabLink';

const ALL_SQUADS = '';

/** `?owner=group:default/x`: the squad the page shows, so a link can carry it. */
function useOwnerFilter(): [string, (owner: string) => void] {
  const [params, setParams] = useSearchParams();
  const owner = params.get('owner') ?? ALL_SQUADS;
  const setOwner = (next: string) =>
    setParams(
      previous => {
        const updated = new URLSearchParams(previous);
        if (next) updated.set('owner', next);
        else updated.delete('owner');
        return updated;
      },
      { replace: true },
    );
  return [owner, setOwner];
}

/**
 * `/feature-flags`: every squad's flags with their rollout per
 * environment, the changes waiting for approval, and the stale flags each
 * squad should remove, with why.
 */
export function FeatureFlagsPage() {
  const api = useApi(featureFlagsApiRef);
  const flagTabLink = useFlagTabLink();
  const [owner, setOwner] = useOwnerFilter();
  const { value, loading, error } = useAsync(async () => {
    const [settings, org, stale] = await Promise.all([
      api.getSettings(),
      api.getOrgFlags(),
      api.getStaleFlags(),
    ]);
    return { settings, org, stale };
  }, [api]);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value) {
    const { settings, org, stale } = value;
    const owners = [
      ...new Set(
        [...org.flags, ...stale.flags]
          .map(flag => flag.owner)
          .filter((ref): ref is string => Boolean(ref)),
      ),
    ].sort();
    const ofOwner = <T extends { owner?: string }>(flags: T[]) =>
      owner ? flags.filter(flag => flag.owner === owner) : flags;
    const flags = ofOwner(org.flags);
    body = (
      <>
        <TextField
          select
          size="small"
          label="Squad"
          value={owners.includes(owner) ? owner : ALL_SQUADS}
          onChange={event => setOwner(event.target.value)}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          sx={{ minWidth: 260, mb: 2 }}
        >
          <MenuItem value={ALL_SQUADS}>All squads</MenuItem>
          {owners.map(ref => (
            <MenuItem key={ref} value={ref}>
              {shortRef(ref)}
            </MenuItem>
          ))}
        </TextField>
        <Box component="section" aria-label="Flags" mb={3}>
          <Typography variant="h6" component="h2" gutterBottom>
            Flags ({flags.length})
          </Typography>
          {flags.length === 0 ? (
            <EmptyState
              missing="content"
              title="No flags yet"
              description="Squads create flags on their Components’ Feature flags tab."
            />
          ) : (
            <OrgFlagsTable
              flags={flags}
              environments={org.environments}
              rollout={settings.rollout}
            />
          )}
        </Box>
        <Box component="section" aria-label="Stale flags" mb={3}>
          <Typography variant="h6" component="h2" gutterBottom>
            Stale flags
          </Typography>
          <StaleFlagsReport
            report={{ ...stale, flags: ofOwner(stale.flags) }}
          />
        </Box>
      </>
    );
  }

  return (
    <Content>
      <Typography variant="body1" paragraph>
        Every squad’s feature flags and where each environment stands on the
        rollout ladder; changes waiting for an owner’s approval; and stale flags
        to remove from the code.
      </Typography>
      <PendingChangeRequests
        flagHref={changeRequest =>
          flagTabLink(changeRequest.entityRef, changeRequest.flagKey)
        }
      />
      {body}
    </Content>
  );
}
