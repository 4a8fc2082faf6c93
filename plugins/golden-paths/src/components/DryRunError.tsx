import { ResponseError } from '@backstage/errors';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';

/** What went wrong, in the user's words, and the backend's own message. */
export function describeDryRunError(error: Error): {
  title: string;
  message: string;
} {
  if (!ResponseError.is(error)) {
    return { title: 'The dry run failed', message: error.message };
  }
  const message = error.cause?.message || error.message;
  switch (error.statusCode) {
    case 400:
      return { title: 'The values do not fit the template', message };
    case 403:
      return { title: 'You may not dry-run templates', message };
    case 404:
      return { title: 'No such template', message };
    default:
      return {
        title: `The dry run failed (${error.statusCode} ${error.statusText})`,
        message,
      };
  }
}

/** A failed dry run: the kind of failure and the backend's message. */
export function DryRunError(props: { error: Error }) {
  const { title, message } = describeDryRunError(props.error);
  return (
    <Alert severity="error" sx={{ mb: 2 }}>
      <AlertTitle>{title}</AlertTitle>
      <span style={{ whiteSpace: 'pre-wrap' }}>{message}</span>
    </Alert>
  );
}
