import { useApi } from '@backstage/frontend-plugin-api';
import { ApiKeySummary } from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { errorMessage } from './errors';

/** "Revoke": services still using the key get 401 from then on. */
export function RevokeApiKeyDialog(props: {
  apiKey: ApiKeySummary;
  onClose(): void;
  onRevoked(): void;
}) {
  const { apiKey, onClose, onRevoked } = props;
  const api = useApi(featureFlagsApiRef);
  const [state, revoke] = useAsyncFn(async () => {
    await api.revokeApiKey(apiKey.entityRef, apiKey.id);
    onRevoked();
  }, [api, apiKey, onRevoked]);
  return (
    <Dialog open onClose={onClose}>
      <DialogTitle>Revoke {apiKey.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Services that evaluate flags in {apiKey.environment} with the key{' '}
          <code>{apiKey.prefix}…</code> are refused from now on, and fall back
          to the defaults in their code.
        </DialogContentText>
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
          onClick={() => revoke()}
          disabled={state.loading}
        >
          Revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
}
