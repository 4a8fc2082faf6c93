import { useApi } from '@backstage/frontend-plugin-api';
import {
  expectedLifetimeDays,
  FeatureFlag,
  FLAG_KINDS,
  FlagKind,
  flagKeySchema,
} from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { errorMessage } from './errors';

/** `release — expected to live 40 days`, `operational — long-lived`. */
function kindHint(kind: FlagKind): string {
  const days = expectedLifetimeDays(kind);
  return days ? `expected to live ${days} days` : 'long-lived';
}

/**
 * "Create flag": key, kind and description. The new flag starts as a
 * boolean that is off in every environment.
 */
export function CreateFlagDialog(props: {
  entityRef: string;
  open: boolean;
  onClose(): void;
  onCreated(flag: FeatureFlag): void;
}) {
  const { entityRef, open, onClose, onCreated } = props;
  const api = useApi(featureFlagsApiRef);
  const [key, setKey] = useState('');
  const [kind, setKind] = useState<FlagKind>('release');
  const [description, setDescription] = useState('');
  const keyCheck = flagKeySchema.safeParse(key);
  const keyProblem =
    key && !keyCheck.success ? keyCheck.error.issues[0]?.message : undefined;

  const [creation, create] = useAsyncFn(async () => {
    const flag = await api.createFlag(entityRef, {
      key,
      kind,
      description: description.trim(),
    });
    setKey('');
    setDescription('');
    onCreated(flag);
    return flag;
  }, [api, entityRef, key, kind, description, onCreated]);

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form
        onSubmit={event => {
          event.preventDefault();
          if (keyCheck.success) create();
        }}
      >
        <DialogTitle>Create flag</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              label="Key"
              value={key}
              onChange={event => setKey(event.target.value)}
              required
              error={Boolean(keyProblem)}
              helperText={
                keyProblem
                  ? `The key ${keyProblem}`
                  : 'What the code asks for, e.g. new-checkout'
              }
              inputProps={{ spellCheck: false }}
            />
            <TextField
              select
              label="Kind"
              value={kind}
              onChange={event => setKind(event.target.value as FlagKind)}
              helperText="Release and experiment flags are reported stale once fully rolled out for longer than they are expected to live"
            >
              {FLAG_KINDS.map(option => (
                <MenuItem key={option} value={option}>
                  {option} — {kindHint(option)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label="Description"
              value={description}
              onChange={event => setDescription(event.target.value)}
              multiline
              minRows={2}
              helperText="What the flag guards, for whoever finds it later"
            />
            <Alert severity="info">
              The flag starts as a boolean (variants on and off) that is off in
              every environment.
            </Alert>
            {creation.error && (
              <Alert severity="error">{errorMessage(creation.error)}</Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={!keyCheck.success || creation.loading}
          >
            {creation.loading ? 'Creating…' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
