import {
  Content,
  EmptyState,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { runbooksApiRef } from '../api/RunbooksApi';
import { RunbookView } from './RunbookView';
import { useRunbookPaths } from './useRunbookPaths';

/** `/runbooks/runbook/:id`: one runbook with what is wrong with it. */
export function RunbookPage() {
  const { id = '' } = useParams();
  const runbooksApi = useApi(runbooksApiRef);
  const paths = useRunbookPaths();
  const { value, loading, error } = useAsync(
    () => runbooksApi.getRunbook(id),
    [runbooksApi, id],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error instanceof ResponseError && error.statusCode === 404) {
    body = (
      <EmptyState
        missing="content"
        title="No such runbook"
        description="It may have been moved or deleted since the link was made: runbooks are re-read from their repositories. Search for it by its title or alert."
        action={
          <LinkButton to={paths.root()} variant="contained" color="primary">
            Search runbooks
          </LinkButton>
        }
      />
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value) {
    body = <RunbookView runbook={value} showQuality />;
  }
  return <Content>{body}</Content>;
}
