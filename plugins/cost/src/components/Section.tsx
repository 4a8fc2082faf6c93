import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/**
 * A titled card (a landmark region named by its title) that shows progress
 * while loading, the error when it failed, else its content.
 */
export function Section<T>(props: {
  title: string;
  state: { loading: boolean; error?: Error; value?: T };
  action?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { title, state, action, children } = props;
  let body: ReactNode;
  if (state.loading) body = <Progress />;
  else if (state.error) body = <ResponseErrorPanel error={state.error} />;
  else if (state.value !== undefined) body = children(state.value);
  return (
    <Card component="section" aria-label={title} sx={{ mb: 2 }}>
      <CardContent>
        <Typography
          variant="h6"
          component="h2"
          mb={1}
          display="flex"
          alignItems="center"
          justifyContent="space-between"
        >
          {title}
          {action}
        </Typography>
        {body}
      </CardContent>
    </Card>
  );
}
