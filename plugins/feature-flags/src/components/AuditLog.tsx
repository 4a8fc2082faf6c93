import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { AuditEntry } from '@internal/plugin-feature-flags-common';
import DownloadIcon from '@material-ui/icons/GetApp';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Fragment, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import { DefinitionDiff } from './DefinitionDiff';
import { errorMessage } from './errors';
import { formatDateTime, shortRef } from './formatting';
import { saveFile } from '@internal/plugin-paved-react';

const COLUMNS = 6;

function AuditRow(props: { entry: AuditEntry }) {
  const { entry } = props;
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <TableRow>
        <TableCell>{formatDateTime(entry.at)}</TableCell>
        <TableCell>{shortRef(entry.actor)}</TableCell>
        <TableCell>{entry.environment}</TableCell>
        <TableCell>{entry.reason}</TableCell>
        <TableCell>
          {entry.approvedBy ? shortRef(entry.approvedBy) : ''}
        </TableCell>
        <TableCell>
          <Button
            size="small"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
          >
            {open ? 'Hide change' : 'Show change'}
          </Button>
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={COLUMNS} sx={{ py: 0, borderBottom: 0 }}>
          <Collapse in={open} unmountOnExit>
            <Box py={1}>
              <DefinitionDiff
                before={entry.before}
                after={entry.after}
                label={`Change at ${formatDateTime(entry.at)}`}
              />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}

/**
 * Who changed a flag, when, where and why, newest first; each change's
 * before → after on demand, and the whole log as CSV.
 */
export function AuditLog(props: {
  entityRef: string;
  flagKey: string;
  /** Changes when the flag is saved, to read the log again. */
  refreshKey?: string;
}) {
  const { entityRef, flagKey } = props;
  const api = useApi(featureFlagsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getAudit(entityRef, flagKey),
    [api, entityRef, flagKey, props.refreshKey],
  );
  const [download, doDownload] = useAsyncFn(
    async () => saveFile(await api.downloadAuditCsv(entityRef, flagKey)),
    [api, entityRef, flagKey],
  );

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!value?.length) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No changes yet.
      </Typography>
    );
  } else {
    const entries = [...value].sort((a, b) => b.at.localeCompare(a.at));
    body = (
      <Table size="small" aria-label="Changes">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Approved by</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map(entry => (
            <AuditRow key={entry.id} entry={entry} />
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <Box component="section" aria-label="Audit log">
      <Box display="flex" alignItems="center" gap={2} mb={1}>
        <Typography variant="h6" component="h3" sx={{ flex: 1 }}>
          Audit log
        </Typography>
        <Button
          size="small"
          startIcon={<DownloadIcon />}
          onClick={() => doDownload()}
          disabled={download.loading}
        >
          Download CSV
        </Button>
      </Box>
      {download.error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          The CSV could not be downloaded: {errorMessage(download.error)}
        </Alert>
      )}
      {body}
    </Box>
  );
}
