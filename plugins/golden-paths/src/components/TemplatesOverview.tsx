import {
  EmptyState,
  Link,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  templateDryRunPermission,
  TemplateSummary,
} from '@internal/plugin-golden-paths-common';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathsApiRef } from '../api/GoldenPathsApi';
import { isBehind, LagCounts } from './lag';
import { EntityName, ServicesTable } from './ServicesTable';
import { useGoldenPathsPaths } from './useGoldenPathsPaths';

/** Where to read how to add a template. */
const NO_TEMPLATES_HINT = (
  <>
    A golden path is <code>templates/&lt;name&gt;/template.yaml</code> with its{' '}
    <code>skeleton/</code> beside it, and a{' '}
    <code>paved.dev/template-version</code> annotation bumped on every change.
    The catalog loads it from the templates location; see templates/README.md.
  </>
);

const COLUMNS = 8;

/** Read by screen readers only. */
const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

function TemplateRow(props: {
  template: TemplateSummary;
  expanded: boolean;
  onToggle: () => void;
  onlyBehind: boolean;
  canDryRun: boolean;
}) {
  const { template, expanded, onToggle, onlyBehind, canDryRun } = props;
  const paths = useGoldenPathsPaths();
  const services = onlyBehind
    ? template.services.filter(service => isBehind(service.lag))
    : template.services;
  const toggleLabel = `${expanded ? 'Hide' : 'Show'} services of ${
    template.title
  }`;
  return (
    <>
      <TableRow
        hover
        selected={expanded}
        sx={{ '& > td': { borderBottom: expanded ? 'unset' : undefined } }}
      >
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={toggleLabel}
            aria-expanded={expanded}
            onClick={onToggle}
          >
            {expanded ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell sx={{ whiteSpace: 'normal !important', minWidth: 320 }}>
          {template.inCatalog ? (
            <Link to={paths.templatePage(template.entityRef)}>
              {template.title}
            </Link>
          ) : (
            <>
              {template.title}{' '}
              <Chip
                size="small"
                variant="outlined"
                label="not in the catalog any more"
              />
            </>
          )}
          {template.description && (
            <Typography variant="body2" color="text.secondary">
              {template.description}
            </Typography>
          )}
        </TableCell>
        <TableCell>{template.version ?? '—'}</TableCell>
        <TableCell sx={{ whiteSpace: 'normal !important' }}>
          <Box display="flex" gap={0.5} flexWrap="wrap">
            {template.tags.map(tag => (
              <Chip key={tag} size="small" variant="outlined" label={tag} />
            ))}
          </Box>
        </TableCell>
        <TableCell>
          <EntityName entityRef={template.owner} kind="group" />
        </TableCell>
        <TableCell align="right">{template.services.length}</TableCell>
        <TableCell>
          <LagCounts counts={template.lagCounts} />
        </TableCell>
        <TableCell>
          {template.inCatalog && canDryRun && (
            <LinkButton
              to={paths.dryRun(template.entityRef)}
              size="small"
              variant="outlined"
            >
              Dry run
            </LinkButton>
          )}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={COLUMNS} sx={{ py: 0 }}>
          <Collapse in={expanded} timeout="auto" unmountOnExit>
            <Box py={1} pl={6}>
              <ServicesTable
                templateTitle={template.title}
                services={services}
                emptyText={
                  onlyBehind && template.services.length > 0
                    ? 'No service is behind this template.'
                    : 'No services generated from this template yet.'
                }
              />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}

/** The templates table with their services, for the platform squad and leads. */
export function TemplatesOverview() {
  const goldenPathsApi = useApi(goldenPathsApiRef);
  const state = useAsync(
    () => goldenPathsApi.listTemplates(),
    [goldenPathsApi],
  );
  const dryRun = usePermission({ permission: templateDryRunPermission });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [onlyBehind, setOnlyBehind] = useState(false);

  const toggle = (entityRef: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (next.has(entityRef)) next.delete(entityRef);
      else next.add(entityRef);
      return next;
    });

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const templates = state.value?.templates ?? [];
  if (templates.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No templates yet — add one under templates/"
        description={NO_TEMPLATES_HINT}
      />
    );
  }

  const services = templates.flatMap(template => template.services);
  const behind = services.filter(service => isBehind(service.lag)).length;
  const shown = onlyBehind
    ? templates.filter(template =>
        template.services.some(service => isBehind(service.lag)),
      )
    : templates;

  return (
    <>
      <Box
        display="flex"
        gap={2}
        alignItems="center"
        justifyContent="space-between"
        mb={1}
        flexWrap="wrap"
      >
        <Typography variant="body2" color="text.secondary">
          {templates.length} {templates.length === 1 ? 'template' : 'templates'}{' '}
          · {services.length} {services.length === 1 ? 'service' : 'services'}{' '}
          generated · {behind} behind
        </Typography>
        <FormControlLabel
          control={
            <Switch
              checked={onlyBehind}
              onChange={event => setOnlyBehind(event.target.checked)}
            />
          }
          label="Only services behind"
        />
      </Box>
      {shown.length === 0 ? (
        <Typography variant="body2" color="text.secondary" py={2}>
          No service is behind its template.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label="Templates"
          // Short columns keep to one line; the description wraps.
          sx={{ '& th, & td': { whiteSpace: 'nowrap' } }}
        >
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Template</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Tags</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell align="right">Services</TableCell>
              <TableCell>Lag</TableCell>
              <TableCell>
                <Box component="span" sx={visuallyHidden}>
                  Actions
                </Box>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map(template => (
              <TemplateRow
                key={template.entityRef}
                template={template}
                expanded={expanded.has(template.entityRef)}
                onToggle={() => toggle(template.entityRef)}
                onlyBehind={onlyBehind}
                canDryRun={dryRun.allowed}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
