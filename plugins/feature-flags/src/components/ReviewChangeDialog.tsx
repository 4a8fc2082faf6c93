import {
  EnvironmentDefinition,
  FlagDefinition,
  UpdateDefinitionRequest,
} from '@internal/plugin-feature-flags-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { SaveDefinitionResult } from '../api/FeatureFlagsApi';
import { DefinitionDiff } from './DefinitionDiff';
import { errorMessage, errorStatus } from './errors';
import { formatDateTime, shortRef } from './formatting';

/**
 * A change someone is about to save: a function of the definition it is
 * made on, so that after a conflict it can be re-applied to the latest
 * (a ladder step or the kill switch on whatever is there now; a JSON edit
 * as written).
 */
export type ProposedChange = {
  title: string;
  confirmLabel: string;
  /** Shown in red: the kill switch. */
  destructive?: boolean;
  apply(definition: FlagDefinition): FlagDefinition;
};

function applyChange(change: ProposedChange, base: EnvironmentDefinition) {
  try {
    return { after: change.apply(base.definition) };
  } catch (error) {
    return { problem: errorMessage(error) };
  }
}

/**
 * Every save goes through here: the diff of the definition before → after,
 * a reason (required; it goes to the audit log), then the PUT with the
 * version the change was made on. When someone else saved first (409) the
 * edit is kept and can be re-applied to the latest version.
 */
export function ReviewChangeDialog(props: {
  flagKey: string;
  environment: string;
  base: EnvironmentDefinition;
  change: ProposedChange;
  /** Whether a non-owner's change here waits for an owner's approval. */
  needsApprovalFromNonOwners: boolean;
  save(request: UpdateDefinitionRequest): Promise<SaveDefinitionResult>;
  reloadLatest(): Promise<EnvironmentDefinition | undefined>;
  onClose(): void;
  onSaved(result: SaveDefinitionResult): void;
}) {
  const { flagKey, environment, change, save, reloadLatest, onSaved } = props;
  const [base, setBase] = useState(props.base);
  const [reapplied, setReapplied] = useState(false);
  const [reason, setReason] = useState('');
  /** The version the last save was made on: its error is about that version. */
  const [attemptedVersion, setAttemptedVersion] = useState<number>();
  const applied = useMemo(() => applyChange(change, base), [change, base]);

  const [saving, doSave] = useAsyncFn(async () => {
    if (!applied.after) return undefined;
    setAttemptedVersion(base.version);
    const result = await save({
      definition: applied.after,
      version: base.version,
      reason: reason.trim(),
    });
    onSaved(result);
    return result;
  }, [applied, base, reason, save, onSaved]);

  const [reloading, reload] = useAsyncFn(async () => {
    const latest = await reloadLatest();
    if (!latest) throw new Error(`The flag ${flagKey} is gone`);
    setBase(latest);
    setReapplied(true);
    return latest;
  }, [reloadLatest, flagKey]);

  const saveError =
    !saving.loading && attemptedVersion === base.version
      ? saving.error
      : undefined;
  const conflict = errorStatus(saveError) === 409;

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md">
      <form
        onSubmit={event => {
          event.preventDefault();
          doSave();
        }}
      >
        <DialogTitle>{change.title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              <code>{flagKey}</code> in {environment}, version {base.version},
              last changed by {shortRef(base.updatedBy)} at{' '}
              {formatDateTime(base.updatedAt)}
            </Typography>
            {reapplied && !saveError && (
              <Alert severity="info">
                Reloaded version {base.version} and re-applied your change to
                it. Check the preview and save again.
              </Alert>
            )}
            {applied.after ? (
              <DefinitionDiff before={base.definition} after={applied.after} />
            ) : (
              <Alert severity="error">
                This change cannot be made on the current definition:{' '}
                {applied.problem}
              </Alert>
            )}
            {props.needsApprovalFromNonOwners && (
              <Typography variant="body2">
                In {environment}, a change by someone who is not an owner of
                this component waits for an owner’s approval.
              </Typography>
            )}
            <TextField
              label="Reason"
              value={reason}
              onChange={event => {
                setReason(event.target.value);
              }}
              required
              multiline
              helperText="Why — it goes to the audit log with the change"
            />
            {saveError &&
              (conflict ? (
                <Alert
                  severity="warning"
                  action={
                    <Button
                      color="inherit"
                      size="small"
                      onClick={() => {
                        reload();
                      }}
                      disabled={reloading.loading}
                    >
                      Reload latest and re-apply
                    </Button>
                  }
                >
                  Someone else saved this flag first ({errorMessage(saveError)}
                  ). Your change is kept: reload the latest version and re-apply
                  it, then check the preview.
                </Alert>
              ) : (
                <Alert severity="error">{errorMessage(saveError)}</Alert>
              ))}
            {reloading.error && (
              <Alert severity="error">{errorMessage(reloading.error)}</Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="contained"
            color={change.destructive ? 'error' : 'primary'}
            disabled={
              !applied.after || !reason.trim() || saving.loading || conflict
            }
          >
            {saving.loading ? 'Saving…' : change.confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
