import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  OrgFlagsResponse,
  RolloutSettings,
} from '@internal/plugin-feature-flags-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ageInDays, formatAge } from './formatting';
import { RolloutChip } from './RolloutChip';
import { useFlagTabLink } from './useFlagTabLink';

type OrgFlag = OrgFlagsResponse['flags'][number];

/** Every flag of the organisation (or one squad): owner, component, kind, rollout per environment, age. */
export function OrgFlagsTable(props: {
  flags: OrgFlag[];
  environments: string[];
  rollout: RolloutSettings;
}) {
  const { flags, environments, rollout } = props;
  const flagTabLink = useFlagTabLink();
  const rows = [...flags].sort(
    (a, b) =>
      (a.owner ?? '~').localeCompare(b.owner ?? '~') ||
      a.entityRef.localeCompare(b.entityRef) ||
      a.key.localeCompare(b.key),
  );
  return (
    <Table size="small" aria-label="All flags">
      <TableHead>
        <TableRow>
          <TableCell>Squad</TableCell>
          <TableCell>Component</TableCell>
          <TableCell>Flag</TableCell>
          <TableCell>Kind</TableCell>
          {environments.map(environment => (
            <TableCell key={environment}>{environment}</TableCell>
          ))}
          <TableCell>Age</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(flag => {
          const overdue =
            flag.expectedLifetimeDays !== undefined &&
            ageInDays(flag.createdAt) > flag.expectedLifetimeDays;
          return (
            <TableRow key={`${flag.entityRef} ${flag.key}`}>
              <TableCell>
                {flag.owner ? (
                  <EntityRefLink entityRef={flag.owner} defaultKind="group" />
                ) : (
                  'No owner'
                )}
              </TableCell>
              <TableCell>
                <EntityRefLink
                  entityRef={flag.entityRef}
                  defaultKind="component"
                />
              </TableCell>
              <TableCell>
                <Link to={flagTabLink(flag.entityRef, flag.key)}>
                  <code>{flag.key}</code>
                </Link>
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
              <TableCell
                title={
                  overdue
                    ? `Older than the ${flag.expectedLifetimeDays} days ${flag.kind} flags are expected to live`
                    : flag.createdAt
                }
                sx={overdue ? { color: 'warning.main' } : undefined}
              >
                {formatAge(flag.createdAt)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
