import { Content, EmptyState, LinkButton } from '@backstage/core-components';
import Typography from '@mui/material/Typography';
import { Route, Routes } from 'react-router-dom';
import { DryRunPage } from './DryRunPage';
import { TemplatesOverview } from './TemplatesOverview';
import { useGoldenPathsPaths } from './useGoldenPathsPaths';

/** `/golden-paths`: the templates, their versions and the services behind. */
export function GoldenPathsHome() {
  return (
    <Content>
      <Typography variant="h4" component="h1" mb={1}>
        Golden paths
      </Typography>
      <Typography variant="body1" paragraph>
        Every template with its current version and the services generated from
        it. A service is behind when it came from an older version of its
        template: open a template to see which, most behind first.
      </Typography>
      <TemplatesOverview />
    </Content>
  );
}

function NotFound() {
  const paths = useGoldenPathsPaths();
  return (
    <Content>
      <EmptyState
        missing="content"
        title="No such golden paths page"
        description="Dry runs are at /golden-paths/dry-run/<namespace>/<template name>."
        action={
          <LinkButton to={paths.root()} variant="contained" color="primary">
            All golden paths
          </LinkButton>
        }
      />
    </Content>
  );
}

/** Everything under `/golden-paths`. */
export function GoldenPathsPage() {
  return (
    <Routes>
      <Route path="/" element={<GoldenPathsHome />} />
      <Route path="/dry-run/:namespace/:name" element={<DryRunPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
