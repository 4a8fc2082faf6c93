import Box from '@mui/material/Box';

/**
 * A runbook's HTML, as the backend rendered and sanitised it, with
 * typography that reads well at a glance: spaced headings, code blocks that
 * scroll on their own rather than widening the page, bordered tables.
 */
export function RunbookHtml(props: {
  html: string;
  /** Accessible name of the region, e.g. "Runbook". */
  label: string;
  /** Larger type for the on-call page. */
  large?: boolean;
}) {
  return (
    <Box
      component="section"
      aria-label={props.label}
      sx={{
        fontSize: props.large ? '1.125rem' : '1rem',
        lineHeight: 1.6,
        color: 'text.primary',
        maxWidth: '80ch',
        overflowWrap: 'anywhere',
        '& h1, & h2, & h3, & h4, & h5, & h6': {
          lineHeight: 1.25,
          mt: 3,
          mb: 1,
          fontWeight: 600,
        },
        '& h1': { fontSize: '1.75em', mt: 0 },
        '& h2': {
          fontSize: '1.4em',
          pb: 0.5,
          borderBottom: 1,
          borderColor: 'divider',
        },
        '& h3': { fontSize: '1.2em' },
        '& h4, & h5, & h6': { fontSize: '1em' },
        '& p, & ul, & ol, & blockquote, & pre, & table': { mt: 0, mb: 2 },
        '& ul, & ol': { pl: 3 },
        '& li + li': { mt: 0.5 },
        '& a': { color: 'primary.main' },
        '& code': {
          fontFamily:
            'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
          fontSize: '0.9em',
          backgroundColor: 'action.hover',
          borderRadius: 0.5,
          px: 0.5,
          py: 0.25,
        },
        '& pre': {
          backgroundColor: 'action.hover',
          borderRadius: 1,
          p: 2,
          overflowX: 'auto',
          maxWidth: '100%',
        },
        '& pre code': {
          backgroundColor: 'transparent',
          p: 0,
          fontSize: '0.875em',
          overflowWrap: 'normal',
          whiteSpace: 'pre',
        },
        '& table': {
          display: 'block',
          overflowX: 'auto',
          maxWidth: '100%',
          borderCollapse: 'collapse',
        },
        '& th, & td': {
          border: 1,
          borderColor: 'divider',
          px: 1.5,
          py: 0.75,
          textAlign: 'left',
          verticalAlign: 'top',
        },
        '& th': { backgroundColor: 'action.hover', fontWeight: 600 },
        '& blockquote': {
          borderLeft: 4,
          borderColor: 'divider',
          pl: 2,
          ml: 0,
          color: 'text.secondary',
        },
        '& img': { maxWidth: '100%' },
        '& hr': { border: 0, borderTop: 1, borderColor: 'divider', my: 3 },
      }}
      // The backend renders the Markdown and sanitises the HTML (the contract's `html`).
      dangerouslySetInnerHTML={{ __html: props.html }}
    />
  );
}
