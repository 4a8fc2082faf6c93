import Box from '@mui/material/Box';
import { alpha, useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { diffLines } from 'diff';

export type DiffLine = { kind: 'added' | 'removed' | 'same'; text: string };

/** flagd's order of a definition's properties, so key order never shows as a change. */
const PROPERTY_ORDER = [
  'state',
  'variants',
  'defaultVariant',
  'targeting',
  'metadata',
];

function inPropertyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return value;
  }
  const rank = (key: string) => {
    const index = PROPERTY_ORDER.indexOf(key);
    return index === -1 ? PROPERTY_ORDER.length : index;
  };
  return Object.fromEntries(
    Object.entries(value).sort(([a], [b]) => rank(a) - rank(b)),
  );
}

/** Pretty JSON, two spaces; nothing for an absent value (a flag that did not exist). */
const prettyJson = (value: unknown) =>
  value === undefined || value === null
    ? ''
    : `${JSON.stringify(inPropertyOrder(value), null, 2)}\n`;

/** The line diff of two JSON values, pretty-printed. */
export function jsonDiffLines(before: unknown, after: unknown): DiffLine[] {
  return diffLines(prettyJson(before), prettyJson(after)).flatMap(change => {
    let kind: DiffLine['kind'] = 'same';
    if (change.added) kind = 'added';
    if (change.removed) kind = 'removed';
    return change.value
      .replace(/\n$/, '')
      .split('\n')
      .map(text => ({ kind, text } as DiffLine));
  });
}

/**
 * Before → after of a definition as a line diff of its pretty JSON:
 * removed lines struck out with `-`, added ones with `+`.
 */
export function DefinitionDiff(props: {
  before: unknown;
  after: unknown;
  label?: string;
}) {
  const theme = useTheme();
  const lines = jsonDiffLines(props.before, props.after);
  const changed = lines.some(line => line.kind !== 'same');
  const styles = {
    added: {
      background: alpha(theme.palette.success.main, 0.15),
      textDecoration: 'none',
    },
    removed: {
      background: alpha(theme.palette.error.main, 0.15),
      textDecoration: 'none',
    },
    same: {},
  };
  const Line = { added: 'ins', removed: 'del', same: 'span' } as const;
  const role = {
    added: 'insertion',
    removed: 'deletion',
    same: undefined,
  } as const;
  const gutter = { added: '+', removed: '-', same: ' ' };
  return (
    <Box component="section" aria-label={props.label ?? 'Change preview'}>
      {!changed && (
        <Typography variant="body2" color="text.secondary" gutterBottom>
          No change.
        </Typography>
      )}
      <Box
        component="pre"
        sx={{
          fontFamily: 'monospace',
          fontSize: 13,
          m: 0,
          p: 1,
          overflowX: 'auto',
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
        }}
      >
        {lines.map((line, i) => (
          <Box
            key={i}
            component={Line[line.kind]}
            // Explicit, as not every tool maps <del>/<ins> to their roles yet.
            role={role[line.kind]}
            sx={{ display: 'block', ...styles[line.kind] }}
          >
            <span aria-hidden="true">{gutter[line.kind]} </span>
            {line.text}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
