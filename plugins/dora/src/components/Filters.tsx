import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useCallback, useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import {
  DEFAULT_WINDOW_DAYS,
  DoraFilter,
  WINDOW_DAYS,
  WindowDays,
} from '../api/DoraApi';
import { windowLabel } from './formatting';

/** The filters people set on both pages: the window and one environment. */
export type FilterState = { windowDays: WindowDays; environment: string };

/** `?window=90&environment=production-eu` → the filters it names; the rest default. */
export function filterFromSearch(search: string): FilterState {
  const params = new URLSearchParams(search);
  const days = Number(params.get('window'));
  return {
    windowDays: (WINDOW_DAYS as readonly number[]).includes(days)
      ? (days as WindowDays)
      : DEFAULT_WINDOW_DAYS,
    environment: params.get('environment')?.trim() ?? '',
  };
}

/** The filters as a query string, defaults left out: `window=90&environment=prod`. */
export function filterToSearch(state: FilterState): string {
  const params = new URLSearchParams();
  if (state.windowDays !== DEFAULT_WINDOW_DAYS) {
    params.set('window', String(state.windowDays));
  }
  if (state.environment.trim()) {
    params.set('environment', state.environment.trim());
  }
  return params.toString();
}

/**
 * The filters of a page, starting from the URL (so a link can carry them)
 * and written back to it as they change. The window ends when the filters
 * last changed, so every request of one view asks for the same window.
 */
export function useDoraFilter(): {
  state: FilterState;
  filter: DoraFilter;
  setState: (state: FilterState) => void;
} {
  const [state, setStateRaw] = useState<FilterState>(() =>
    filterFromSearch(window.location.search),
  );
  const filter = useMemo<DoraFilter>(
    () => ({
      windowDays: state.windowDays,
      environment: state.environment || undefined,
      to: new Date(),
    }),
    [state.windowDays, state.environment],
  );
  const setState = useCallback((next: FilterState) => {
    setStateRaw(next);
    const search = filterToSearch(next);
    const url = `${window.location.pathname}${search ? `?${search}` : ''}${
      window.location.hash
    }`;
    window.history.replaceState(window.history.state, '', url);
  }, []);
  return { state, filter, setState };
}

/** Window (7, 30, 90 days, 1 year) and environment (free text, applied as you pause typing). */
export function Filters(props: {
  state: FilterState;
  onChange: (state: FilterState) => void;
}) {
  const { state, onChange } = props;
  // Only this field writes the environment: its text is the source of truth.
  const [environment, setEnvironment] = useState(state.environment);
  useDebounce(
    () => {
      if (environment.trim() !== state.environment) {
        onChange({ ...state, environment: environment.trim() });
      }
    },
    500,
    [environment],
  );

  return (
    <Box
      component="section"
      aria-label="DORA filters"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      gap={2}
      mb={2}
    >
      <ToggleButtonGroup
        exclusive
        size="small"
        aria-label="Window"
        value={state.windowDays}
        onChange={(_event, value: WindowDays | null) => {
          if (value) onChange({ ...state, windowDays: value });
        }}
      >
        {WINDOW_DAYS.map(days => (
          <ToggleButton key={days} value={days}>
            {windowLabel(days)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <TextField
        size="small"
        label="Environment"
        placeholder="every production environment"
        value={environment}
        onChange={event => setEnvironment(event.target.value)}
        onKeyDown={event => {
          if (event.key === 'Enter') {
            onChange({ ...state, environment: environment.trim() });
          }
        }}
        helperText="One environment name, e.g. production-eu; blank for all production"
        InputLabelProps={{ shrink: true }}
        sx={{ minWidth: 280 }}
      />
    </Box>
  );
}
