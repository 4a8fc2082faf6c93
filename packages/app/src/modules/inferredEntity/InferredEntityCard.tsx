import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

const OWNER_SOURCES: Record<string, string> = {
  codeowners: 'the team that owns the whole repository in CODEOWNERS',
  'admin-team': 'the team with admin rights on the repository',
  'maintain-team': 'the team with maintain rights on the repository',
  none: 'nobody: no CODEOWNERS entry or admin/maintain team names an owner',
};

/**
 * Tells readers of an inferred component where it came from, how its owner
 * was chosen, and how to replace the guess with a catalog-info.yaml.
 */
export function InferredEntityCard() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations['github.com/project-slug'];
  const ownerSource = annotations['paved.dev/owner-source'] ?? 'none';
  const sourceLocation = annotations['backstage.io/source-location'];
  // url:https://github.com/org/repo/tree/main/ → the "new file" page
  const newFileUrl = sourceLocation
    ?.replace(/^url:/, '')
    .replace(/\/tree\/([^/]+)\/?$/, '/new/$1?filename=catalog-info.yaml');
  return (
    <InfoCard title="Inferred from GitHub">
      <Typography variant="body2" paragraph>
        Paved created this component from the repository <strong>{slug}</strong>,
        which has no catalog-info.yaml. Its owner was taken from{' '}
        {OWNER_SOURCES[ownerSource] ?? OWNER_SOURCES.none}.
      </Typography>
      {newFileUrl && (
        <Link to={newFileUrl}>Add a catalog-info.yaml to the repository</Link>
      )}
    </InfoCard>
  );
}
