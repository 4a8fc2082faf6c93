import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  Link,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  TEMPLATE_VERSION_ANNOTATION,
  templateDryRunPermission,
} from '@internal/plugin-golden-paths-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { goldenPathsApiRef } from '../api/GoldenPathsApi';
import { DryRunError } from './DryRunError';
import { DryRunResultView } from './DryRunResultView';
import { CatalogFilter, prefillValues } from './prefillValues';
import { useGoldenPathsPaths } from './useGoldenPathsPaths';

type ParsedValues =
  | { values: Record<string, unknown>; error?: undefined }
  | { values?: undefined; error: string };

/** The editor's text as dry-run values, or why it cannot be sent. */
export function parseValues(text: string): ParsedValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      error:
        'The values must be a JSON object of the template’s parameters, e.g. { "name": "my-service" }',
    };
  }
  return { values: parsed as Record<string, unknown> };
}

/** The values editor, the Run button and the result of the last run. */
function DryRunForm(props: {
  template: Entity;
  initialValues: Record<string, unknown>;
  allowed: boolean;
}) {
  const { template, initialValues, allowed } = props;
  const goldenPathsApi = useApi(goldenPathsApiRef);
  const initialText = useMemo(
    () => JSON.stringify(initialValues, null, 2),
    [initialValues],
  );
  const [text, setText] = useState(initialText);
  const [runs, setRuns] = useState(0);
  const parsed = parseValues(text);

  const [run, startRun] = useAsyncFn(
    (values: Record<string, unknown>) =>
      goldenPathsApi.dryRun(
        {
          namespace: template.metadata.namespace ?? 'default',
          name: template.metadata.name,
        },
        { values },
      ),
    [goldenPathsApi, template],
  );

  const onRun = () => {
    const current = parseValues(text);
    if (!current.values) return;
    setRuns(count => count + 1);
    startRun(current.values);
  };

  return (
    <>
      <TextField
        label="Values (JSON)"
        multiline
        minRows={10}
        maxRows={30}
        fullWidth
        value={text}
        onChange={event => setText(event.target.value)}
        error={parsed.error !== undefined}
        helperText={
          parsed.error ??
          'The template’s parameters, as its form would send them: prefilled from their defaults, or examples.'
        }
        inputProps={{ spellCheck: false }}
        InputProps={{ sx: { fontFamily: 'monospace', fontSize: '0.875rem' } }}
      />
      <Box display="flex" gap={1} my={2}>
        <Button
          variant="contained"
          color="primary"
          onClick={onRun}
          disabled={!allowed || run.loading || parsed.error !== undefined}
        >
          {run.loading ? 'Running…' : 'Run'}
        </Button>
        <Button
          variant="outlined"
          onClick={() => setText(initialText)}
          disabled={text === initialText}
        >
          Reset values
        </Button>
      </Box>
      {run.loading && <Progress />}
      {!run.loading && run.error && <DryRunError error={run.error} />}
      {!run.loading && !run.error && run.value && (
        <DryRunResultView key={runs} result={run.value} />
      )}
    </>
  );
}

/**
 * `/golden-paths/dry-run/:namespace/:name`: renders a stored template with
 * values the user edits, through the scaffolder's dry run — the steps, the
 * files it would write, the log and the output, with nothing created.
 */
export function DryRunPage() {
  const { namespace = 'default', name = '' } = useParams();
  const catalogApi = useApi(catalogApiRef);
  const paths = useGoldenPathsPaths();
  const permission = usePermission({ permission: templateDryRunPermission });
  const templateRef = stringifyEntityRef({ kind: 'template', namespace, name });

  const state = useAsync(async () => {
    const template = await catalogApi.getEntityByRef(templateRef);
    if (!template) return undefined;
    const firstRefs = new Map<string, Promise<string | undefined>>();
    const firstRef = (filter: CatalogFilter) => {
      const key = JSON.stringify(filter);
      if (!firstRefs.has(key)) {
        firstRefs.set(
          key,
          catalogApi
            .getEntities({
              filter,
              fields: ['kind', 'metadata.namespace', 'metadata.name'],
              order: { field: 'metadata.name', order: 'asc' },
              limit: 1,
            })
            .then(({ items }) =>
              items[0] ? stringifyEntityRef(items[0]) : undefined,
            )
            // An example is only a starting point: without one, the fallback.
            .catch(() => undefined),
        );
      }
      return firstRefs.get(key)!;
    };
    return { template, values: await prefillValues(template, firstRef) };
  }, [catalogApi, templateRef]);

  const title = state.value?.template.metadata.title ?? name;
  const version =
    state.value?.template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];

  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (!state.value) {
    body = (
      <EmptyState
        missing="content"
        title={`No template ${templateRef} in the catalog`}
        description="Only templates the catalog has can be dry-run. Check the name, or whether the template's location is still registered."
        action={
          <LinkButton to={paths.root()} variant="contained" color="primary">
            All golden paths
          </LinkButton>
        }
      />
    );
  } else {
    body = (
      <>
        {!permission.loading && !permission.allowed && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            You may not dry-run templates: only the platform squad may.
          </Alert>
        )}
        <DryRunForm
          template={state.value.template}
          initialValues={state.value.values}
          allowed={permission.allowed}
        />
      </>
    );
  }

  return (
    <Content>
      <Typography variant="body2" mb={1}>
        <Link to={paths.root()}>Golden paths</Link> / Dry run
      </Typography>
      <Typography variant="h4" component="h1" mb={1}>
        Dry run: {title}
        {version ? ` ${version}` : ''}
      </Typography>
      <Typography variant="body1" paragraph>
        Renders <code>{templateRef}</code> with the values below through the
        scaffolder's dry run: the same steps and parameter checks as a real run,
        but nothing is created — no repository, no catalog entry.
      </Typography>
      {body}
    </Content>
  );
}
