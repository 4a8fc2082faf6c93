import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  StaleFlag,
  StaleFlagsResponse,
} from '@internal/plugin-feature-flags-common';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { describeStaleReason, shortRef } from './formatting';
import { useFlagTabLink } from './useFlagTabLink';

/** Stale flags by squad (owner), squads in name order, those without an owner last. */
function bySquad(flags: StaleFlag[]): Array<[string | undefined, StaleFlag[]]> {
  const groups = new Map<string | undefined, StaleFlag[]>();
  for (const flag of flags) {
    groups.set(flag.owner, [...(groups.get(flag.owner) ?? []), flag]);
  }
  return [...groups.entries()].sort(([a], [b]) =>
    (a ?? '~').localeCompare(b ?? '~'),
  );
}

/**
 * Flags that should leave the code, per squad, with the reasons spelled
 * out: no evaluations for a while, or fully rolled out for longer than its
 * kind is expected to live.
 */
export function StaleFlagsReport(props: { report: StaleFlagsResponse }) {
  const { report } = props;
  const flagTabLink = useFlagTabLink();
  if (report.flags.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No stale flags. A flag is stale when nothing evaluated it for{' '}
        {report.noEvaluationsDays} days, or when it has served one variant to
        everyone in production for longer than its kind is expected to live.
      </Typography>
    );
  }
  return (
    <>
      {bySquad(report.flags).map(([owner, flags]) => (
        <Box
          key={owner ?? 'none'}
          component="section"
          aria-label={`Stale flags of ${owner ? shortRef(owner) : 'no owner'}`}
          mb={2}
        >
          <Typography variant="subtitle1" component="h3">
            {owner ? (
              <EntityRefLink entityRef={owner} defaultKind="group" />
            ) : (
              'No owner'
            )}{' '}
            ({flags.length})
          </Typography>
          <List dense disablePadding>
            {flags.map(flag => (
              <ListItem key={`${flag.entityRef} ${flag.key}`} divider>
                <ListItemText
                  primary={
                    <>
                      <Link to={flagTabLink(flag.entityRef, flag.key)}>
                        <code>{flag.key}</code>
                      </Link>{' '}
                      in {shortRef(flag.entityRef)} · {flag.kind}
                    </>
                  }
                  secondaryTypographyProps={{ component: 'div' }}
                  secondary={
                    <Box component="ul" sx={{ m: 0, pl: 2 }}>
                      {flag.reasons.map((reason, i) => (
                        <li key={i}>
                          {describeStaleReason(reason, flag.kind)}
                        </li>
                      ))}
                    </Box>
                  }
                />
              </ListItem>
            ))}
          </List>
        </Box>
      ))}
    </>
  );
}
