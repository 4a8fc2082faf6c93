import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  DryRunFile,
  DryRunLogLine,
  DryRunResult,
} from '@internal/plugin-golden-paths-common';
import Box from '@mui/material/Box';
import Chip, { ChipProps } from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Typography from '@mui/material/Typography';
import { ReactNode, useState } from 'react';
import { baseName, formatSize, groupByDirectory } from './formatting';

const monospace = {
  fontFamily: 'monospace',
  fontSize: '0.8125rem',
} as const;

/** A titled card, a landmark region named by its title. */
function Panel(props: { title: string; children: ReactNode }) {
  return (
    <Box
      component="section"
      aria-label={props.title}
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, mb: 2 }}
    >
      <Typography variant="h6" component="h2" mb={1}>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

type StepStatus = { label: string; color: ChipProps['color'] };

/** A step's status as the log last reported it. */
function stepStatus(log: DryRunLogLine[], stepId: string): StepStatus {
  const status = [...log]
    .reverse()
    .find(line => line.stepId === stepId && line.status)?.status;
  switch (status) {
    case 'completed':
      return { label: 'completed', color: 'success' };
    case 'failed':
      return { label: 'failed', color: 'error' };
    case 'skipped':
      return { label: 'skipped', color: 'default' };
    case 'cancelled':
      return { label: 'cancelled', color: 'warning' };
    case 'processing':
      return { label: 'did not finish', color: 'warning' };
    case undefined:
      return { label: 'not run', color: 'default' };
    default:
      return { label: status, color: 'default' };
  }
}

function Steps(props: { result: DryRunResult }) {
  const { steps, log } = props.result;
  if (steps.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        The template has no steps.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Steps" component="ol" disablePadding>
      {steps.map((step, index) => {
        const status = stepStatus(log, step.id);
        return (
          <ListItem
            key={step.id}
            disableGutters
            secondaryAction={
              <Chip size="small" label={status.label} color={status.color} />
            }
          >
            <ListItemText
              primary={`${index + 1}. ${step.name}`}
              secondary={step.action}
              secondaryTypographyProps={{ sx: monospace }}
            />
          </ListItem>
        );
      })}
    </List>
  );
}

function FileViewer(props: { file?: DryRunFile }) {
  const { file } = props;
  if (!file) {
    return (
      <Typography variant="body2" color="text.secondary">
        Select a file to see its contents.
      </Typography>
    );
  }
  return (
    <Box component="figure" m={0} aria-label={`Contents of ${file.path}`}>
      <Typography
        component="figcaption"
        variant="subtitle2"
        sx={monospace}
        mb={1}
      >
        {file.path} ({formatSize(file.size)}
        {file.executable ? ', executable' : ''})
      </Typography>
      {file.text === undefined ? (
        <Typography variant="body2" color="text.secondary">
          Binary or too large to show.
        </Typography>
      ) : (
        <Box
          component="pre"
          sx={{
            ...monospace,
            m: 0,
            p: 1.5,
            maxHeight: 480,
            overflow: 'auto',
            bgcolor: 'action.hover',
            borderRadius: 1,
          }}
        >
          {file.text}
        </Box>
      )}
    </Box>
  );
}

function Files(props: { files: DryRunFile[] }) {
  const { files } = props;
  const directories = groupByDirectory(files);
  const [selected, setSelected] = useState<string | undefined>(
    directories[0]?.files[0]?.path,
  );
  if (files.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        The dry run wrote no files.
      </Typography>
    );
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <List
          dense
          aria-label="Rendered files"
          sx={{ maxHeight: 520, overflow: 'auto' }}
        >
          {directories.map(directory => (
            <li key={directory.path || '.'}>
              <List
                dense
                disablePadding
                aria-label={`${directory.path || '.'}/`}
              >
                <ListSubheader sx={{ ...monospace, lineHeight: '32px' }}>
                  {directory.path ? `${directory.path}/` : './'}
                </ListSubheader>
                {directory.files.map(file => (
                  <ListItemButton
                    key={file.path}
                    selected={file.path === selected}
                    onClick={() => setSelected(file.path)}
                    sx={{ pl: 3 }}
                  >
                    <ListItemText
                      primary={baseName(file.path)}
                      primaryTypographyProps={{ sx: monospace }}
                      secondary={`${formatSize(file.size)}${
                        file.executable ? ' · executable' : ''
                      }`}
                    />
                  </ListItemButton>
                ))}
              </List>
            </li>
          ))}
        </List>
      </Grid>
      <Grid item xs={12} md={8}>
        <FileViewer file={files.find(file => file.path === selected)} />
      </Grid>
    </Grid>
  );
}

function Log(props: { log: DryRunLogLine[] }) {
  if (props.log.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No log lines.
      </Typography>
    );
  }
  return (
    <Box
      component="ol"
      aria-label="Log lines"
      sx={{
        ...monospace,
        listStyle: 'none',
        m: 0,
        p: 1.5,
        maxHeight: 400,
        overflow: 'auto',
        bgcolor: 'action.hover',
        borderRadius: 1,
      }}
    >
      {props.log.map((line, index) => (
        <Box
          component="li"
          key={index}
          sx={{
            whiteSpace: 'pre-wrap',
            color: line.status === 'failed' ? 'error.main' : undefined,
          }}
        >
          {line.stepId ? `[${line.stepId}] ` : ''}
          {line.message}
        </Box>
      ))}
    </Box>
  );
}

type OutputLink = {
  title?: string;
  url?: string;
  entityRef?: string;
};
type OutputText = { title?: string; content?: string };

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value)
    ? value.filter(item => typeof item === 'object' && item !== null)
    : [];
}

function Output(props: { output: Record<string, unknown> }) {
  const { links, text, ...rest } = props.output;
  const outputLinks = asArray<OutputLink>(links);
  const outputText = asArray<OutputText>(text);
  const others = Object.keys(rest);
  if (outputLinks.length + outputText.length + others.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        The template has no output.
      </Typography>
    );
  }
  return (
    <>
      {outputLinks.length > 0 && (
        <List dense aria-label="Output links" disablePadding>
          {outputLinks.map((link, index) => (
            <ListItem key={index} disableGutters>
              {link.url && <Link to={link.url}>{link.title ?? link.url}</Link>}
              {!link.url && link.entityRef && (
                <EntityRefLink entityRef={link.entityRef}>
                  {link.title ?? link.entityRef}
                </EntityRefLink>
              )}
              {!link.url && !link.entityRef && (link.title ?? '—')}
            </ListItem>
          ))}
        </List>
      )}
      {outputText.map((item, index) => (
        <Box key={index} mt={1}>
          {item.title && (
            <Typography variant="subtitle2">{item.title}</Typography>
          )}
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
            {item.content}
          </Typography>
        </Box>
      ))}
      {others.length > 0 && (
        <Box component="pre" sx={{ ...monospace, m: 0, mt: 1 }}>
          {JSON.stringify(rest, null, 2)}
        </Box>
      )}
    </>
  );
}

/** What a dry run would do: its steps, the files it renders, its log and output. */
export function DryRunResultView(props: { result: DryRunResult }) {
  const { result } = props;
  const failed = result.log.some(line => line.status === 'failed');
  return (
    <>
      <Typography variant="body2" mb={2} role="status">
        {failed ? 'The dry run failed' : 'Dry run finished'}:{' '}
        {result.template.entityRef}
        {result.template.version
          ? ` ${result.template.version}`
          : ''} rendered {result.files.length}{' '}
        {result.files.length === 1 ? 'file' : 'files'} in {result.steps.length}{' '}
        {result.steps.length === 1 ? 'step' : 'steps'}. Nothing was created.
      </Typography>
      <Panel title="Steps">
        <Steps result={result} />
      </Panel>
      <Panel title="Files">
        <Files files={result.files} />
      </Panel>
      <Panel title="Log">
        <Log log={result.log} />
      </Panel>
      <Panel title="Output">
        <Output output={result.output} />
      </Panel>
    </>
  );
}
