import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ApiKeySummary } from '@internal/plugin-feature-flags-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { ConnectSnippet } from './ConnectSnippet';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { formatDateTime, shortRef } from './formatting';
import { RevokeApiKeyDialog } from './RevokeApiKeyDialog';

/**
 * The component's API keys (one environment each): create — the secret
 * is shown once — and revoke; how a service connects with one.
 */
export function ApiKeysSection(props: {
  entityRef: string;
  environments: string[];
}) {
  const { entityRef, environments } = props;
  const api = useApi(featureFlagsApiRef);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeySummary>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getApiKeys(entityRef),
    [api, entityRef],
  );

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value?.length) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No API keys yet. Create one per environment a service runs in.
      </Typography>
    );
  } else {
    body = (
      <Table size="small" aria-label="Keys">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Key</TableCell>
            <TableCell>Created</TableCell>
            <TableCell>Status</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {value.map(apiKey => (
            <TableRow key={apiKey.id}>
              <TableCell>{apiKey.name}</TableCell>
              <TableCell>{apiKey.environment}</TableCell>
              <TableCell>
                <code>{apiKey.prefix}…</code>
              </TableCell>
              <TableCell>
                {shortRef(apiKey.createdBy)}, {formatDateTime(apiKey.createdAt)}
              </TableCell>
              <TableCell>
                {apiKey.revokedAt
                  ? `Revoked ${formatDateTime(apiKey.revokedAt)}`
                  : 'Active'}
              </TableCell>
              <TableCell>
                {!apiKey.revokedAt && (
                  <Button
                    size="small"
                    color="error"
                    onClick={() => setRevoking(apiKey)}
                    aria-label={`Revoke ${apiKey.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <Box component="section" aria-label="API keys" mt={3}>
      <Box display="flex" alignItems="center" gap={2} mb={1}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          API keys
        </Typography>
        <Button variant="outlined" onClick={() => setCreating(true)}>
          Create API key
        </Button>
      </Box>
      {body}
      <ConnectSnippet />
      {creating && (
        <CreateApiKeyDialog
          entityRef={entityRef}
          environments={environments}
          onClose={() => setCreating(false)}
          onCreated={retry}
        />
      )}
      {revoking && (
        <RevokeApiKeyDialog
          apiKey={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={() => {
            setRevoking(undefined);
            retry();
          }}
        />
      )}
    </Box>
  );
}
