import { useApi } from '@backstage/frontend-plugin-api';
import { ChangeRequest } from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { DefinitionDiff } from './DefinitionDiff';
import { errorMessage } from './errors';
import { formatDateTime, shortRef } from './formatting';

export type ChangeRequestDecision = 'approve' | 'reject';

/**
 * Approve or reject a change request, with an optional comment, after
 * seeing its diff. The backend decides who may (an owner who is not the
 * requester); its refusal is shown as it words it.
 */
export function ChangeRequestDecisionDialog(props: {
  changeRequest: ChangeRequest;
  decision: ChangeRequestDecision;
  onClose(): void;
  onDecided(): void;
}) {
  const { changeRequest, decision, onClose, onDecided } = props;
  const api = useApi(featureFlagsApiRef);
  const [comment, setComment] = useState('');
  const [state, decide] = useAsyncFn(async () => {
    if (decision === 'approve') {
      await api.approveChangeRequest(changeRequest, comment);
    } else {
      await api.rejectChangeRequest(changeRequest, comment);
    }
    onDecided();
  }, [api, changeRequest, decision, comment, onDecided]);
  const verb = decision === 'approve' ? 'Approve' : 'Reject';

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>
        {verb} the change to {changeRequest.flagKey} in{' '}
        {changeRequest.environment}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Typography variant="body2">
            Requested by {shortRef(changeRequest.requestedBy)} at{' '}
            {formatDateTime(changeRequest.requestedAt)}: “{changeRequest.reason}
            ”
          </Typography>
          <DefinitionDiff
            before={changeRequest.before}
            after={changeRequest.after}
          />
          <TextField
            label="Comment (optional)"
            value={comment}
            onChange={event => setComment(event.target.value)}
            multiline
          />
          {state.error && (
            <Alert severity="error">{errorMessage(state.error)}</Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color={decision === 'approve' ? 'primary' : 'error'}
          onClick={() => decide()}
          disabled={state.loading}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
