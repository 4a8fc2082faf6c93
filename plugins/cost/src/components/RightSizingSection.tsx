import { useApi } from '@backstage/frontend-plugin-api';
import {
  formatCpuQuantity,
  formatMemoryQuantity,
  RightSizingContainer,
  RightSizingResponse,
} from '@internal/plugin-cost-common';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '../api/CostApi';
import { formatMoney } from './formatting';
import { Section } from './Section';

type Resource = 'cpu' | 'memory';

const format = (resource: Resource, value: number) =>
  resource === 'cpu' ? formatCpuQuantity(value) : formatMemoryQuantity(value);

const ACTION_LABELS = { increase: 'raise', decrease: 'lower', keep: 'keep' };
const ACTION_COLORS = {
  increase: 'warning',
  decrease: 'success',
  keep: 'default',
} as const;

/** `500m → 280m`, with what it is sized to. */
function SizingCell(props: {
  container: RightSizingContainer;
  resource: Resource;
}) {
  const sizing = props.container[props.resource];
  const { resource } = props;
  return (
    <TableCell>
      <Typography variant="body2" component="span" noWrap>
        {format(resource, sizing.request)}
        {sizing.action !== 'keep' && ` → ${format(resource, sizing.suggested)}`}
      </Typography>{' '}
      <Chip
        size="small"
        label={ACTION_LABELS[sizing.action]}
        color={ACTION_COLORS[sizing.action]}
        variant="outlined"
      />
      <Typography variant="caption" color="text.secondary" display="block">
        uses {format(resource, sizing.usageAverage)} on average,{' '}
        {format(resource, sizing.usagePeak)}{' '}
        {resource === 'cpu' ? 'on a typical day’s peak' : 'at its highest'}
        {sizing.peakFromAverages ? ' (daily averages: no peaks)' : ''}
      </Typography>
    </TableCell>
  );
}

/** Why no container is listed. */
function emptyMessage(value: RightSizingResponse, filtered: boolean): string {
  if (value.containers.length > 0) return 'Every request is about right.';
  if (filtered && value.tooNew === 0) {
    return 'No Kubernetes workloads of it in the usage data.';
  }
  return 'No containers with enough days of data yet.';
}

/** The command that sets the suggested requests. */
function kubectlCommand(container: RightSizingContainer): string | undefined {
  const requests = (['cpu', 'memory'] as const)
    .filter(resource => container[resource].action !== 'keep')
    .map(
      resource =>
        `${resource}=${format(resource, container[resource].suggested)}`,
    );
  if (requests.length === 0 || container.controllerKind === 'pod') {
    return undefined;
  }
  const kind =
    container.controllerKind === 'job' ? 'cronjob' : container.controllerKind;
  const controller =
    container.controllerKind === 'job'
      ? container.controller.replace(/-\d+$/, '')
      : container.controller;
  return `kubectl -n ${
    container.namespace
  } set resources ${kind}/${controller} -c ${
    container.container
  } --requests=${requests.join(',')}`;
}

/**
 * Kubernetes right-sizing: each workload container's requests (per pod)
 * against what it used over the last days, the request to set instead and
 * what that saves a month — containers to raise first (they risk being
 * throttled or OOM-killed), then the biggest savings.
 */
export function RightSizingSection(props: {
  filter?: { entityRef?: string; owner?: string };
}) {
  const { filter } = props;
  const costApi = useApi(costApiRef);
  const [changesOnly, setChangesOnly] = useState(true);
  const state = useAsync(
    () => costApi.rightSizing(filter),
    [costApi, filter?.entityRef, filter?.owner],
  );
  return (
    <Section
      title="Right-sizing"
      state={state}
      action={
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={changesOnly}
              onChange={event => setChangesOnly(event.target.checked)}
            />
          }
          label="Only changes"
        />
      }
    >
      {value => {
        if (value.asOf === null) {
          return (
            <Typography variant="body2" color="text.secondary">
              No Kubernetes usage yet: configure{' '}
              <code>cost.imports.openCost</code> for each cluster.
            </Typography>
          );
        }
        const shown = value.containers.filter(
          c =>
            !changesOnly ||
            c.cpu.action !== 'keep' ||
            c.memory.action !== 'keep',
        );
        const { rules } = value;
        return (
          <>
            <Typography variant="body2" color="text.secondary" mb={1}>
              Requests per pod against use from {value.from} to {value.asOf}:
              CPU sized to a typical day’s peak plus {rules.cpuHeadroomPercent}{' '}
              %, memory to the highest peak plus {rules.memoryHeadroomPercent}{' '}
              %; requests within {rules.minChangePercent} % are kept.
              {value.tooNew > 0 &&
                ` ${value.tooNew} container${
                  value.tooNew === 1 ? ' has' : 's have'
                } fewer than ${rules.minDays} days of data yet.`}
            </Typography>
            {value.totals
              .filter(total => Number(total.monthlySaving.amount) !== 0)
              .map(total => (
                <Typography key={total.currency} variant="body2" mb={1}>
                  Applying every suggestion{' '}
                  {Number(total.monthlySaving.amount) > 0
                    ? `saves about ${formatMoney(total.monthlySaving)}`
                    : `costs about ${formatMoney({
                        ...total.monthlySaving,
                        amount: total.monthlySaving.amount.replace('-', ''),
                      })} more`}{' '}
                  a month.
                </Typography>
              ))}
            {shown.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {emptyMessage(value, Boolean(filter))}
              </Typography>
            ) : (
              <Table size="small" aria-label="Right-sizing">
                <TableHead>
                  <TableRow>
                    <TableCell>Container</TableCell>
                    <TableCell align="right">Replicas</TableCell>
                    <TableCell>CPU request</TableCell>
                    <TableCell>Memory request</TableCell>
                    <TableCell align="right">Saving a month</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {shown.map(container => {
                    const command = kubectlCommand(container);
                    return (
                      <TableRow
                        key={`${container.cluster}/${container.namespace}/${container.controllerKind}/${container.controller}/${container.container}`}
                      >
                        <TableCell>
                          <Typography variant="body2">
                            {container.controller} · {container.container}
                          </Typography>
                          <Typography
                            variant="caption"
                            color="text.secondary"
                            display="block"
                          >
                            {container.controllerKind} in {container.cluster}/
                            {container.namespace}
                            {container.environment
                              ? ` (${container.environment})`
                              : ''}
                            {!filter?.entityRef && container.entityRef
                              ? ` · ${container.entityRef}`
                              : ''}
                          </Typography>
                          {command && (
                            <Typography
                              variant="caption"
                              component="code"
                              display="block"
                              sx={{ fontFamily: 'monospace' }}
                            >
                              {command}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell align="right">
                          {container.replicas.toFixed(1)}
                        </TableCell>
                        <SizingCell container={container} resource="cpu" />
                        <SizingCell container={container} resource="memory" />
                        <TableCell align="right">
                          {formatMoney(container.monthlySaving)}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </>
        );
      }}
    </Section>
  );
}
