import { SnippetPart } from '@internal/plugin-runbooks-common';
import Typography, { TypographyProps } from '@mui/material/Typography';

/**
 * A search snippet: the matched words in `<mark>`. The parts are text, never
 * HTML — a runbook may well contain `<script>` in a code sample — so they go
 * in as React text, which escapes them.
 */
export function Snippet(props: {
  parts: SnippetPart[];
  variant?: TypographyProps['variant'];
}) {
  if (props.parts.length === 0) return null;
  return (
    <Typography
      variant={props.variant ?? 'body2'}
      color="text.secondary"
      component="p"
      sx={{
        overflowWrap: 'anywhere',
        '& mark': {
          backgroundColor: 'warning.light',
          color: 'inherit',
          borderRadius: 0.5,
          px: 0.25,
        },
      }}
    >
      {props.parts.map((part, index) =>
        part.highlight ? (
          <mark key={index}>{part.text}</mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </Typography>
  );
}
