import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { IngestionRun } from '../api/IngestionApi';

/** Complete, complete with problems, or failed (the catalog kept what it had). */
export function RunOutcome({ run }: { run: IngestionRun }) {
  if (run.outcome === 'failed') {
    return <StatusError>Failed — nothing removed</StatusError>;
  }
  if (run.problems.length > 0) {
    return (
      <StatusWarning>Complete, {run.problems.length} skipped</StatusWarning>
    );
  }
  return <StatusOK>Complete</StatusOK>;
}
