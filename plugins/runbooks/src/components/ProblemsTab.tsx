import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import useAsync from 'react-use/esm/useAsync';
import { runbooksApiRef } from '../api/RunbooksApi';
import { ProblemsTable } from './ProblemsTable';

/** Every problem found reading runbooks, with the file and line to fix. */
export function ProblemsTab() {
  const runbooksApi = useApi(runbooksApiRef);
  const { value, loading, error } = useAsync(
    () => runbooksApi.getProblems(),
    [runbooksApi],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value && value.problems.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No problems"
        description="Every runbook source was read and every runbook file parsed cleanly."
      />
    );
  } else if (value) {
    body = <ProblemsTable problems={value.problems} />;
  }
  return (
    <Box component="section" aria-label="Problems">
      {body}
    </Box>
  );
}
