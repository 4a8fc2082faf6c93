import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { RunbookSearchHit } from '@internal/plugin-runbooks-common';
import SearchIcon from '@material-ui/icons/Search';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { runbooksApiRef } from '../api/RunbooksApi';
import { EntityName } from './EntityName';
import { Snippet } from './Snippet';
import { useRunbookPaths } from './useRunbookPaths';

export const PAGE_SIZE = 20;

/** The search box and filters, each kept in the URL so a search can be linked. */
const FIELDS = ['q', 'owner', 'system', 'severity'] as const;
type SearchFields = Record<(typeof FIELDS)[number], string>;

function fieldsFrom(params: URLSearchParams): SearchFields {
  return {
    q: params.get('q') ?? '',
    owner: params.get('owner') ?? '',
    system: params.get('system') ?? '',
    severity: params.get('severity') ?? '',
  };
}

const sameFields = (a: SearchFields, b: SearchFields) =>
  FIELDS.every(field => a[field].trim() === b[field].trim());

function SearchHit(props: { hit: RunbookSearchHit }) {
  const { hit } = props;
  const paths = useRunbookPaths();
  return (
    <ListItem divider sx={{ display: 'block', py: 1.5 }}>
      <Typography variant="h6" component="h3" sx={{ overflowWrap: 'anywhere' }}>
        <Link to={paths.runbook(hit.id)}>{hit.title}</Link>
      </Typography>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          gap: 1,
          my: 0.5,
        }}
      >
        {hit.exactAlertMatch && (
          <Chip
            size="small"
            color="primary"
            label="alert"
            title="The query is one of this runbook’s alert names"
          />
        )}
        <Typography variant="body2" component="span">
          <EntityName entityRef={hit.entityRef} />
        </Typography>
        {hit.severity && (
          <Chip size="small" label={`severity: ${hit.severity}`} />
        )}
        {hit.alerts.map(alert => (
          <Chip key={alert} size="small" variant="outlined" label={alert} />
        ))}
      </Box>
      <Snippet parts={hit.snippet} />
    </ListItem>
  );
}

function Results(props: { fields: SearchFields }) {
  const { fields } = props;
  const runbooksApi = useApi(runbooksApiRef);
  // The page is kept per query: new words or filters start at the first result.
  const key = FIELDS.map(field => fields[field].trim()).join('\n');
  const [page, setPage] = useState({ key, offset: 0 });
  const offset = page.key === key ? page.offset : 0;
  const setOffset = (next: number) => setPage({ key, offset: next });
  const q = fields.q.trim();
  const { value, loading, error } = useAsync(
    async () =>
      q
        ? runbooksApi.search({
            q,
            owner: fields.owner,
            system: fields.system,
            severity: fields.severity,
            limit: PAGE_SIZE,
            offset,
          })
        : undefined,
    [runbooksApi, q, fields.owner, fields.system, fields.severity, offset],
  );

  let body;
  if (!q) {
    body = (
      <Typography variant="body2" color="text.secondary">
        Search by alert name (e.g. <code>KubePodCrashLooping</code>), service,
        or words in a runbook.
      </Typography>
    );
  } else if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value && value.results.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={`No runbook matches “${q}”`}
        description="Try fewer words or clear the filters. Runbooks are read from each Component's repository (docs/runbooks/**.md, or where its paved.dev/runbooks annotation points); one not listed here may not have been read yet."
      />
    );
  } else if (value) {
    const last = Math.min(value.total, offset + value.results.length);
    body = (
      <>
        <Typography variant="body2" color="text.secondary">
          {value.total === 1
            ? '1 runbook matches'
            : `${value.total} runbooks match`}{' '}
          “{value.query}”
          {value.total > value.results.length &&
            ` · showing ${offset + 1}–${last}`}
        </Typography>
        <List>
          {value.results.map(hit => (
            <SearchHit key={hit.id} hit={hit} />
          ))}
        </List>
        {value.total > PAGE_SIZE && (
          <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
            <Button
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              Previous
            </Button>
            <Button
              disabled={last >= value.total}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              Next
            </Button>
          </Box>
        )}
      </>
    );
  }

  return (
    <Box component="section" aria-label="Search results" mb={3}>
      {body}
    </Box>
  );
}

/** A filter that offers the values runbooks have and accepts any other typed in. */
function FacetFilter(props: {
  label: string;
  placeholder: string;
  options: string[];
  value: string;
  onChange(value: string): void;
  width: number;
}) {
  return (
    <Autocomplete
      freeSolo
      size="small"
      options={props.options}
      inputValue={props.value}
      onInputChange={(_, value) => props.onChange(value)}
      sx={{ flex: `0 1 ${props.width}px`, minWidth: 140 }}
      renderInput={params => (
        <TextField
          {...params}
          label={props.label}
          placeholder={props.placeholder}
          InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
        />
      )}
    />
  );
}

/**
 * Runbook search: as you type (debounced), with owner / system / severity
 * filters; the query is in the URL (`/runbooks?q=…`) so it can be linked.
 */
export function RunbookSearch() {
  const [searchParams, setSearchParams] = useSearchParams();
  const applied = fieldsFrom(searchParams);
  const [draft, setDraft] = useState<SearchFields>(applied);

  useDebounce(
    () => {
      setSearchParams(
        previous => {
          if (sameFields(fieldsFrom(previous), draft)) return previous;
          const next = new URLSearchParams(previous);
          for (const field of FIELDS) {
            const value = draft[field].trim();
            if (value) next.set(field, value);
            else next.delete(field);
          }
          return next;
        },
        { replace: true },
      );
    },
    300,
    [draft],
  );

  const set = (field: keyof SearchFields) => (value: string) =>
    setDraft(previous => ({ ...previous, [field]: value }));
  const api = useApi(runbooksApiRef);
  // The filters offer what runbooks have; typing anything else still works.
  const facets = useAsync(() => api.getFacets(), [api]);

  return (
    <>
      <Box
        component="section"
        aria-label="Runbook search"
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 2,
          alignItems: 'flex-start',
          mb: 2,
        }}
      >
        <TextField
          label="Search runbooks"
          placeholder="Alert name, service or words"
          value={draft.q}
          onChange={event => set('q')(event.target.value)}
          sx={{ flex: '1 1 320px' }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
          inputProps={{ 'aria-label': 'Search runbooks' }}
        />
        <FacetFilter
          label="Owner"
          placeholder="group:default/checkout-squad"
          options={facets.value?.owners ?? []}
          value={draft.owner}
          onChange={set('owner')}
          width={260}
        />
        <FacetFilter
          label="System"
          placeholder="system:default/checkout"
          options={facets.value?.systems ?? []}
          value={draft.system}
          onChange={set('system')}
          width={240}
        />
        <FacetFilter
          label="Severity"
          placeholder="critical"
          options={facets.value?.severities ?? []}
          value={draft.severity}
          onChange={set('severity')}
          width={160}
        />
      </Box>
      <Results fields={applied} />
    </>
  );
}
