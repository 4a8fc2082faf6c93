import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ChangeRequest } from '@internal/plugin-feature-flags-common';
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
import {
  ChangeRequestDecision,
  ChangeRequestDecisionDialog,
} from './ChangeRequestDecisionDialog';
import { formatDateTime, shortRef } from './formatting';

/**
 * Changes waiting for an owner's approval (four eyes), each with Approve
 * and Reject. A Component's, or the whole organisation's with a link to
 * each Component's tab.
 */
export function PendingChangeRequests(props: {
  /** A Component's requests; everyone's without. */
  entityRef?: string;
  /** Where a request's flag is, on the org page. */
  flagHref?(changeRequest: ChangeRequest): string;
  /** Changes when a save may have added a request, to read them again. */
  refreshKey?: number;
  /** Renders nothing when no change is waiting (the entity tab). */
  hideWhenEmpty?: boolean;
  onDecided?(): void;
}) {
  const { entityRef, flagHref, hideWhenEmpty } = props;
  const api = useApi(featureFlagsApiRef);
  const [deciding, setDeciding] = useState<{
    changeRequest: ChangeRequest;
    decision: ChangeRequestDecision;
  }>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getChangeRequests({ entityRef, status: 'pending' }),
    [api, entityRef, props.refreshKey],
  );

  if (hideWhenEmpty && !value?.length && !error) return null;

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value?.length) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No change is waiting for approval.
      </Typography>
    );
  } else {
    body = (
      <Table size="small" aria-label="Changes waiting for approval">
        <TableHead>
          <TableRow>
            <TableCell>Flag</TableCell>
            {flagHref && <TableCell>Component</TableCell>}
            <TableCell>Environment</TableCell>
            <TableCell>Requested</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {value.map(changeRequest => (
            <TableRow key={changeRequest.id}>
              <TableCell>
                {flagHref ? (
                  <Link to={flagHref(changeRequest)}>
                    <code>{changeRequest.flagKey}</code>
                  </Link>
                ) : (
                  <code>{changeRequest.flagKey}</code>
                )}
              </TableCell>
              {flagHref && (
                <TableCell>{shortRef(changeRequest.entityRef)}</TableCell>
              )}
              <TableCell>{changeRequest.environment}</TableCell>
              <TableCell>
                {shortRef(changeRequest.requestedBy)},{' '}
                {formatDateTime(changeRequest.requestedAt)}
              </TableCell>
              <TableCell>{changeRequest.reason}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Button
                  size="small"
                  onClick={() =>
                    setDeciding({ changeRequest, decision: 'approve' })
                  }
                >
                  Approve
                </Button>
                <Button
                  size="small"
                  color="error"
                  onClick={() =>
                    setDeciding({ changeRequest, decision: 'reject' })
                  }
                >
                  Reject
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <Box component="section" aria-label="Pending approvals" mb={3}>
      <Typography variant="h6" component="h2" gutterBottom>
        Pending approvals
      </Typography>
      {body}
      {deciding && (
        <ChangeRequestDecisionDialog
          changeRequest={deciding.changeRequest}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDeciding(undefined);
            retry();
            props.onDecided?.();
          }}
        />
      )}
    </Box>
  );
}
