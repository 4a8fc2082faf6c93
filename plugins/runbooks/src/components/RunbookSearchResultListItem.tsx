import { Link } from '@backstage/core-components';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { shortRef } from './formatting';

/** A runbook as the backend's collator indexes it (search type `runbook`). */
export type RunbookSearchDocument = SearchDocument & {
  entityRef?: string;
  /** A list; a single name is accepted too. */
  alerts?: string[] | string;
  owner?: string;
  system?: string;
  severity?: string;
};

/**
 * A runbook in global search: its title, the text around the match (the
 * search engine's highlight when it has one) and the service it is for.
 */
export function RunbookSearchResultListItem(props: {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
  /** Lines of text to show before cutting off. */
  lineClamp?: number;
}) {
  const result = props.result as RunbookSearchDocument | undefined;
  const { highlight } = props;
  if (!result) return null;
  const alerts = ([] as string[]).concat(result.alerts ?? []);

  return (
    <Box sx={{ display: 'flex', gap: 2, width: '100%' }}>
      {props.icon && (
        <Box sx={{ color: 'text.secondary', pt: 0.5 }}>{props.icon}</Box>
      )}
      <Box sx={{ minWidth: 0, flex: 1 }}>
        <Typography variant="h6" component="p">
          <Link noTrack to={result.location}>
            {highlight?.fields.title ? (
              <HighlightedSearchResultText
                text={highlight.fields.title}
                preTag={highlight.preTag}
                postTag={highlight.postTag}
              />
            ) : (
              result.title
            )}
          </Link>
        </Typography>
        <Typography
          variant="body2"
          color="text.secondary"
          component="p"
          sx={{
            display: '-webkit-box',
            WebkitBoxOrient: 'vertical',
            WebkitLineClamp: props.lineClamp ?? 3,
            overflow: 'hidden',
            overflowWrap: 'anywhere',
            mb: 1,
          }}
        >
          {highlight?.fields.text ? (
            <HighlightedSearchResultText
              text={highlight.fields.text}
              preTag={highlight.preTag}
              postTag={highlight.postTag}
            />
          ) : (
            result.text
          )}
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
          <Chip size="small" label="Runbook" />
          {result.entityRef && (
            <Chip
              size="small"
              label={`Service: ${shortRef(result.entityRef)}`}
            />
          )}
          {result.owner && (
            <Chip
              size="small"
              label={`Owner: ${shortRef(result.owner, 'group')}`}
            />
          )}
          {result.severity && (
            <Chip size="small" label={`Severity: ${result.severity}`} />
          )}
          {alerts.map(alert => (
            <Chip key={alert} size="small" variant="outlined" label={alert} />
          ))}
        </Box>
      </Box>
    </Box>
  );
}
