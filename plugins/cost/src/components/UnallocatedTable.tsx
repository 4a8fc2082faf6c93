import { UnallocatedResponse } from '@internal/plugin-cost-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatMoney, groupLabel } from './formatting';

/** Cost allocated to no Component: the totals and the top untagged resources. */
export function UnallocatedTable(props: { value: UnallocatedResponse }) {
  const { value } = props;
  if (value.resources.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        Every cost in this period is allocated to a Component.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" mb={1}>
        Allocated to no Component:{' '}
        {value.totals
          .map(total => formatMoney(total.effectiveCost))
          .join(' · ')}
        . Tag these resources with <code>service</code>, <code>team</code> and{' '}
        <code>environment</code> to attribute them.
      </Typography>
      <Table size="small" aria-label="Top unallocated resources">
        <TableHead>
          <TableRow>
            <TableCell>Resource</TableCell>
            <TableCell>Provider</TableCell>
            <TableCell>Service</TableCell>
            <TableCell>Team tag</TableCell>
            <TableCell>Tags</TableCell>
            <TableCell align="right">EffectiveCost</TableCell>
            <TableCell align="right">BilledCost</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.resources.map(resource => (
            <TableRow
              key={`${resource.providerName}-${resource.serviceName}-${
                resource.resourceId ?? ''
              }-${resource.effectiveCost.currency}`}
            >
              <TableCell sx={{ wordBreak: 'break-all' }}>
                {resource.resourceId ?? '(no resource)'}
              </TableCell>
              <TableCell>{resource.providerName}</TableCell>
              <TableCell>{resource.serviceName}</TableCell>
              <TableCell>
                {resource.ownerRef ? groupLabel(resource.ownerRef) : '—'}
              </TableCell>
              <TableCell>
                {Object.entries(resource.tags)
                  .map(([key, tag]) => `${key}=${tag}`)
                  .join(', ') || 'none'}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatMoney(resource.effectiveCost)}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatMoney(resource.billedCost)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
