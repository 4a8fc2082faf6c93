import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  GENERATED_FROM_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateList,
  TemplateSummary,
  VersionLag,
  versionLag,
} from '@internal/plugin-golden-paths-common';
import Alert, { AlertColor } from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathsApiRef } from '../api/GoldenPathsApi';
import { LagChip } from './lag';
import { useGoldenPathsPaths } from './useGoldenPathsPaths';

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/** The annotation's template ref in full (`template:default/x`), as given when it does not parse. */
function normalizedTemplateRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'template' }));
  } catch {
    return ref;
  }
}

/** What the tab knows of the component's template. */
type GoldenPath = {
  templateRef: string;
  /** The template's name: its directory under templates/. */
  templateName: string;
  template?: TemplateSummary;
  generatedFrom?: string;
  lag: VersionLag;
};

/**
 * The component's template and lag: as the backend reports it when it lists
 * the component, else from the component's own annotations against the
 * template's current version.
 */
function findGoldenPath(entity: Entity, list: TemplateList): GoldenPath {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const templateRef = normalizedTemplateRef(
    annotations[GENERATED_FROM_TEMPLATE_ANNOTATION] ?? '',
  );
  const template =
    list.templates.find(t =>
      t.services.some(service => sameRef(service.entityRef, entityRef)),
    ) ?? list.templates.find(t => sameRef(t.entityRef, templateRef));
  const service = template?.services.find(s => sameRef(s.entityRef, entityRef));
  const generatedFrom =
    service?.version ?? annotations[TEMPLATE_VERSION_ANNOTATION];
  let lag: VersionLag = 'unknown';
  if (service) lag = service.lag;
  else if (generatedFrom && template?.version) {
    lag = versionLag(generatedFrom, template.version);
  }
  let templateName = templateRef;
  try {
    templateName = parseEntityRef(template?.entityRef ?? templateRef, {
      defaultKind: 'template',
    }).name;
  } catch {
    // Keep the ref as written.
  }
  return { templateRef, templateName, template, generatedFrom, lag };
}

const LAG_SEVERITY: Record<'patch' | 'minor' | 'major', AlertColor> = {
  patch: 'info',
  minor: 'warning',
  major: 'error',
};

/** What to do about the lag, in a sentence or two. */
function advice(path: GoldenPath): { severity: AlertColor; text: ReactNode } {
  const { generatedFrom, template, templateName, lag } = path;
  const where = <code>templates/{templateName}</code>;
  switch (lag) {
    case 'current':
      return {
        severity: 'success',
        text: 'Up to date: generated from the template’s current version.',
      };
    case 'patch':
    case 'minor':
    case 'major':
      return {
        severity: LAG_SEVERITY[lag],
        text: (
          <>
            {generatedFrom} is behind {template?.version} by{' '}
            {lag === 'major'
              ? 'a major version: a breaking change that services must follow, so plan the work'
              : `a ${lag} version`}
            . Compare the skeleton’s changes since {generatedFrom} in {where},
            bring over those that apply, then set{' '}
            <code>{TEMPLATE_VERSION_ANNOTATION}</code> to {template?.version} in
            its catalog-info.yaml.
          </>
        ),
      };
    default:
      return {
        severity: 'info',
        text: (
          <>
            The version it was generated from is{' '}
            {generatedFrom
              ? `${generatedFrom}, which cannot be compared with the template’s`
              : 'not recorded'}
            . Compare the component with the skeleton in {where} and record the
            version it matches as <code>{TEMPLATE_VERSION_ANNOTATION}</code>.
          </>
        ),
      };
  }
}

function GoldenPathCard(props: { path: GoldenPath }) {
  const { path } = props;
  const paths = useGoldenPathsPaths();
  const { template, generatedFrom, lag, templateRef } = path;
  const { severity, text } = advice(path);
  const inCatalog = template?.inCatalog ?? false;
  return (
    <InfoCard title="Golden path">
      <Box component="dl" m={0}>
        <Typography component="dt" variant="overline">
          Template
        </Typography>
        <Typography component="dd" m={0} mb={1}>
          {inCatalog && template ? (
            <Link to={paths.templatePage(template.entityRef)}>
              {template.title}
            </Link>
          ) : (
            <>
              {template?.title ?? templateRef}{' '}
              <Chip
                size="small"
                variant="outlined"
                label="not in the catalog any more"
              />
            </>
          )}
        </Typography>
        <Typography component="dt" variant="overline">
          Generated from version
        </Typography>
        <Typography component="dd" m={0} mb={1}>
          {generatedFrom ?? 'not recorded'}
        </Typography>
        <Typography component="dt" variant="overline">
          Current version
        </Typography>
        <Typography component="dd" m={0} mb={1}>
          {template?.version ?? 'unknown'}
        </Typography>
        <Typography component="dt" variant="overline">
          Lag
        </Typography>
        <Typography component="dd" m={0} mb={2}>
          <LagChip lag={lag} />
        </Typography>
      </Box>
      <Alert severity={severity}>{text}</Alert>
      <Typography variant="body2" mt={2}>
        <Link to={paths.root()}>All golden paths and who is behind</Link>
      </Typography>
    </InfoCard>
  );
}

function GoldenPathOfEntity(props: { entity: Entity }) {
  const { entity } = props;
  const goldenPathsApi = useApi(goldenPathsApiRef);
  const state = useAsync(
    () => goldenPathsApi.listTemplates(),
    [goldenPathsApi],
  );
  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  if (!state.value) return null;
  return <GoldenPathCard path={findGoldenPath(entity, state.value)} />;
}

/**
 * The Golden path tab of a Component generated from a template: the
 * template, the version it came from against the current one, and what to
 * do when behind.
 */
export function GoldenPathEntityContent() {
  const { entity } = useEntity();
  const generated =
    entity.metadata.annotations?.[GENERATED_FROM_TEMPLATE_ANNOTATION];
  return (
    <Content>
      {generated ? (
        <GoldenPathOfEntity entity={entity} />
      ) : (
        <EmptyState
          missing="field"
          title="Not generated from a template"
          description={
            <>
              This component has no{' '}
              <code>{GENERATED_FROM_TEMPLATE_ANNOTATION}</code> annotation: it
              was not created from a golden-path template (or was created before
              templates recorded it).
            </>
          }
        />
      )}
    </Content>
  );
}
