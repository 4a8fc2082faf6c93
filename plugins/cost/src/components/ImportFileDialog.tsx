import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CostImport,
  costImportPermission,
  costSourceNameSchema,
} from '@internal/plugin-cost-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { costApiRef } from '../api/CostApi';

/** Problems listed in the dialog; the rest are counted. */
const SHOWN_PROBLEMS = 20;

function ImportResult(props: { result: CostImport }) {
  const { result } = props;
  if (result.status === 'succeeded') {
    return (
      <Alert severity="success">
        Imported {result.rows.toLocaleString('en-US')} line items of{' '}
        {result.source}
        {result.billingPeriods.length > 0
          ? `, replacing its billing periods ${result.billingPeriods.join(
              ', ',
            )}`
          : ''}
        .
      </Alert>
    );
  }
  return (
    <Alert severity="error">
      <Typography variant="body2">
        Nothing was imported: the file has {result.problemCount} problem
        {result.problemCount === 1 ? '' : 's'}, and the data of earlier imports
        is as it was.
      </Typography>
      <ul aria-label="Problems">
        {result.problems.slice(0, SHOWN_PROBLEMS).map((problem, index) => (
          <li key={index}>
            {problem.line > 0 ? `line ${problem.line}` : 'the file'}
            {problem.column ? `, ${problem.column}` : ''}: {problem.message}
          </li>
        ))}
      </ul>
      {result.problemCount > SHOWN_PROBLEMS && (
        <Typography variant="body2">
          …and {result.problemCount - SHOWN_PROBLEMS} more.
        </Typography>
      )}
    </Alert>
  );
}

/**
 * "Import a FOCUS file", for those who may import (Paved's policy: the
 * platform squad): a source and a FOCUS file (`.csv`, `.csv.gz` or `.parquet`), streamed
 * to `POST /api/cost/imports`. Says what was imported and replaced, or
 * lists the file's problems by line (nothing is imported then).
 */
export function ImportFileButton(props: { onImported(): void }) {
  const { onImported } = props;
  const costApi = useApi(costApiRef);
  const { allowed } = usePermission({ permission: costImportPermission });
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [state, run] = useAsyncFn(async () => {
    const result = await costApi.importFile({ source, file: file! });
    if (result.status === 'succeeded') onImported();
    return result;
  }, [costApi, source, file, onImported]);

  if (!allowed) return null;
  const sourceCheck = costSourceNameSchema.safeParse(source);
  const sourceError =
    source !== '' && !sourceCheck.success
      ? sourceCheck.error.issues[0].message
      : undefined;
  return (
    <>
      <Button variant="outlined" size="small" onClick={() => setOpen(true)}>
        Import a FOCUS file
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="sm"
        aria-labelledby="cost-import-title"
      >
        <DialogTitle id="cost-import-title">Import a FOCUS file</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" mb={2}>
            A FOCUS 1.2 export (AWS Data Exports, Azure Cost Management, Google
            Cloud Billing) as CSV, plain or gzipped, or Parquet. It replaces the
            billing periods it holds of its source; a file with any bad line
            imports nothing.
          </Typography>
          <TextField
            label="Source"
            value={source}
            onChange={event => setSource(event.target.value.trim())}
            error={Boolean(sourceError)}
            helperText={
              sourceError ??
              'Where the bill comes from, e.g. aws-payer or azure-ea'
            }
            fullWidth
            size="small"
            sx={{ mb: 2 }}
          />
          <Button variant="outlined" component="label" size="small">
            Choose file…
            <input
              hidden
              type="file"
              accept=".csv,.gz,.parquet,text/csv"
              aria-label="FOCUS file"
              onChange={event => setFile(event.target.files?.[0])}
            />
          </Button>
          <Typography variant="body2" component="span" ml={1}>
            {file
              ? `${file.name} (${(file.size / 1024 / 1024).toFixed(1)} MB)`
              : 'No file chosen'}
          </Typography>
          {state.loading && (
            <Typography variant="body2" mt={2}>
              Importing {file?.name}…
            </Typography>
          )}
          {state.error && <ResponseErrorPanel error={state.error} />}
          {state.value && !state.loading && (
            <div style={{ marginTop: 16 }}>
              <ImportResult result={state.value} />
            </div>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
          <Button
            variant="contained"
            onClick={run}
            disabled={
              !file || source === '' || Boolean(sourceError) || state.loading
            }
          >
            Import
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
