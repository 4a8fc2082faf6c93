import { useApi } from '@backstage/frontend-plugin-api';
import { FeatureFlag } from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { errorMessage } from './errors';

/**
 * "Archive": once the code no longer asks for the flag (a stale flag), its
 * owners take it out of every environment; the audit log stays.
 */
export function ArchiveFlagDialog(props: {
  entityRef: string;
  flag: FeatureFlag;
  onClose(): void;
  onArchived(): void;
}) {
  const { entityRef, flag, onClose, onArchived } = props;
  const api = useApi(featureFlagsApiRef);
  const [reason, setReason] = useState('');
  const [state, archive] = useAsyncFn(async () => {
    await api.archiveFlag(entityRef, flag.key, reason.trim());
    onArchived();
  }, [api, entityRef, flag.key, reason, onArchived]);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Archive {flag.key}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Services that still ask for <code>{flag.key}</code> get “flag not
          found” in every environment, production included, and use the default
          in their code. Archive it once the code no longer reads it. Its audit
          log stays, and its key is not used again.
        </DialogContentText>
        <TextField
          label="Reason"
          required
          fullWidth
          sx={{ mt: 2 }}
          value={reason}
          onChange={event => setReason(event.target.value)}
          helperText="Goes into the audit log"
        />
        {state.error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {errorMessage(state.error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="error"
          onClick={() => archive()}
          disabled={state.loading || reason.trim() === ''}
        >
          Archive
        </Button>
      </DialogActions>
    </Dialog>
  );
}
