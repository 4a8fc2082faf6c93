import { Link } from '@backstage/core-components';
import {
  FeatureFlag,
  RolloutSettings,
} from '@internal/plugin-feature-flags-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatAge } from './formatting';
import { RolloutChip } from './RolloutChip';

/**
 * A Component's flags × environments: each environment's rollout as a
 * chip. A flag's key opens it below the table.
 */
export function FlagsTable(props: {
  flags: FeatureFlag[];
  environments: string[];
  rollout: RolloutSettings;
  selectedKey?: string;
  flagHref(key: string): string;
}) {
  const { flags, environments, rollout, selectedKey, flagHref } = props;
  return (
    <Table size="small" aria-label="Flags">
      <TableHead>
        <TableRow>
          <TableCell>Flag</TableCell>
          <TableCell>Kind</TableCell>
          {environments.map(environment => (
            <TableCell key={environment}>{environment}</TableCell>
          ))}
          <TableCell>Age</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {flags.map(flag => (
          <TableRow
            key={flag.key}
            selected={flag.key === selectedKey}
            aria-current={flag.key === selectedKey ? 'true' : undefined}
          >
            <TableCell>
              <Link to={flagHref(flag.key)}>
                <code>{flag.key}</code>
              </Link>
              {flag.description && (
                <Typography variant="body2" color="text.secondary">
                  {flag.description}
                </Typography>
              )}
            </TableCell>
            <TableCell>{flag.kind}</TableCell>
            {environments.map(environment => (
              <TableCell key={environment}>
                <RolloutChip
                  environment={environment}
                  definition={flag.environments[environment]?.definition}
                  rollout={rollout}
                />
              </TableCell>
            ))}
            <TableCell title={flag.createdAt}>
              {formatAge(flag.createdAt)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
