import { useApi } from '@backstage/frontend-plugin-api';
import {
  FeatureFlag,
  FeatureFlagsSettings,
} from '@internal/plugin-feature-flags-common';
import { useCallback, useEffect, useState } from 'react';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';

export type EntityFlagsState = {
  loading: boolean;
  error?: Error;
  settings?: FeatureFlagsSettings;
  flags?: FeatureFlag[];
  /** Reads the flags again; resolves with them, so a caller can re-apply an edit to the latest. */
  reload(): Promise<FeatureFlag[]>;
};

/**
 * A Component's flags and the deployment's flag settings. The environments
 * come from the flags response, so the columns match the definitions.
 */
export function useEntityFlags(entityRef: string): EntityFlagsState {
  const api = useApi(featureFlagsApiRef);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    settings?: FeatureFlagsSettings;
    flags?: FeatureFlag[];
  }>({ loading: true });

  const reload = useCallback(async () => {
    const [settings, response] = await Promise.all([
      api.getSettings(),
      api.getFlags(entityRef),
    ]);
    setState({
      loading: false,
      settings: { ...settings, environments: response.environments },
      flags: response.flags,
    });
    return response.flags;
  }, [api, entityRef]);

  useEffect(() => {
    setState({ loading: true });
    reload().catch(error => setState({ loading: false, error }));
  }, [reload]);

  return { ...state, reload };
}
