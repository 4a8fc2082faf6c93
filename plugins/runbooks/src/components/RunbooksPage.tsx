import { Content, EmptyState, LinkButton } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { AlertPage } from './AlertPage';
import { CoverageTab } from './CoverageTab';
import { OncallPage } from './OncallPage';
import { ProblemsTab } from './ProblemsTab';
import { RunbookPage } from './RunbookPage';
import { RunbookSearch } from './RunbookSearch';
import { useRunbookPaths } from './useRunbookPaths';

type HomeTab = 'coverage' | 'problems';

/** `/runbooks`: search for everyone, then coverage and problems for leads. */
export function RunbooksHome() {
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: HomeTab =
    searchParams.get('tab') === 'problems' ? 'problems' : 'coverage';
  const setTab = (next: HomeTab) =>
    setSearchParams(
      previous => {
        const params = new URLSearchParams(previous);
        if (next === 'coverage') params.delete('tab');
        else params.set('tab', next);
        return params;
      },
      { replace: true },
    );

  return (
    <Content>
      <Typography variant="body1" paragraph>
        The runbooks of every service, read from their repositories. Search by
        alert name, service or text; below, which production services lack a
        complete, recently reviewed runbook.
      </Typography>
      <RunbookSearch />
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs
          value={tab}
          onChange={(_event, next: HomeTab) => setTab(next)}
          aria-label="Runbook health"
        >
          <Tab value="coverage" label="Coverage" />
          <Tab value="problems" label="Problems" />
        </Tabs>
      </Box>
      {tab === 'coverage' ? <CoverageTab /> : <ProblemsTab />}
    </Content>
  );
}

function NotFound() {
  const paths = useRunbookPaths();
  return (
    <Content>
      <EmptyState
        missing="content"
        title="No such runbooks page"
        description="Alert links look like /runbooks/alert/<AlertName>, runbooks like /runbooks/runbook/<id>, on-call pages like /runbooks/oncall/<namespace>/<name>."
        action={
          <LinkButton to={paths.root()} variant="contained" color="primary">
            Search runbooks
          </LinkButton>
        }
      />
    </Content>
  );
}

/** Everything under `/runbooks`. */
export function RunbooksPage() {
  return (
    <Routes>
      <Route path="/" element={<RunbooksHome />} />
      <Route path="/alert/:alertName" element={<AlertPage />} />
      <Route path="/runbook/:id" element={<RunbookPage />} />
      <Route path="/oncall/:namespace/:name" element={<OncallPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
