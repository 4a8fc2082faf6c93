import { CopyTextButton } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { CreatedApiKey } from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
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

/** The new key's secret, shown this once, with a copy button. */
function SecretOnce(props: { apiKey: CreatedApiKey }) {
  const { apiKey } = props;
  return (
    <Stack spacing={2}>
      <Alert severity="warning">
        Copy this key now — you won’t see it again. Paved keeps only a hash of
        it; if it is lost, create a new key and revoke this one.
      </Alert>
      <Box display="flex" alignItems="center" gap={1}>
        <TextField
          label={`Secret of ${apiKey.name} (${apiKey.environment})`}
          value={apiKey.secret}
          fullWidth
          InputProps={{ readOnly: true }}
          inputProps={{ style: { fontFamily: 'monospace' } }}
          onFocus={event => event.target.select()}
        />
        <CopyTextButton text={apiKey.secret} aria-label="Copy the secret" />
      </Box>
    </Stack>
  );
}

/**
 * "Create API key": an environment and a name, then the secret — shown
 * once. A key lets a service of this component evaluate its flags in one
 * environment.
 */
export function CreateApiKeyDialog(props: {
  entityRef: string;
  environments: string[];
  onClose(): void;
  onCreated(): void;
}) {
  const { entityRef, environments, onClose, onCreated } = props;
  const api = useApi(featureFlagsApiRef);
  const [environment, setEnvironment] = useState(
    environments[environments.length - 1] ?? '',
  );
  const [name, setName] = useState('');
  const [creation, create] = useAsyncFn(async () => {
    const apiKey = await api.createApiKey(entityRef, {
      environment,
      name: name.trim(),
    });
    onCreated();
    return apiKey;
  }, [api, entityRef, environment, name, onCreated]);
  const created = creation.value;

  return (
    <Dialog
      open
      onClose={created ? undefined : onClose}
      fullWidth
      maxWidth="sm"
    >
      <form
        onSubmit={event => {
          event.preventDefault();
          if (!created) create();
        }}
      >
        <DialogTitle>
          {created ? 'API key created' : 'Create API key'}
        </DialogTitle>
        <DialogContent>
          {created ? (
            <SecretOnce apiKey={created} />
          ) : (
            <Stack spacing={2} sx={{ mt: 1 }}>
              <TextField
                select
                label="Environment"
                value={environment}
                onChange={event => setEnvironment(event.target.value)}
                helperText="A key evaluates the flags of one environment"
              >
                {environments.map(option => (
                  <MenuItem key={option} value={option}>
                    {option}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                label="Name"
                value={name}
                onChange={event => setName(event.target.value)}
                required
                helperText="Who uses it, e.g. checkout-service pods in production"
              />
              {creation.error && (
                <Alert severity="error">{errorMessage(creation.error)}</Alert>
              )}
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          {created ? (
            <Button variant="contained" onClick={onClose}>
              I have copied it
            </Button>
          ) : (
            <>
              <Button onClick={onClose}>Cancel</Button>
              <Button
                type="submit"
                variant="contained"
                disabled={!name.trim() || !environment || creation.loading}
              >
                Create
              </Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
