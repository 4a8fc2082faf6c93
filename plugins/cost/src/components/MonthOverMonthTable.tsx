import { MonthOverMonthResponse } from '@internal/plugin-cost-common';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { amountToCents } from '@internal/plugin-cost-common';
import { formatChangePercent, formatMoney, groupLabel } from './formatting';

/**
 * Month-over-month change per group and currency, largest increase first
 * (per currency), with every change beyond the threshold flagged.
 */
export function MonthOverMonthTable(props: { value: MonthOverMonthResponse }) {
  const { value } = props;
  const changes = [...value.changes].sort(
    (a, b) =>
      a.currency.localeCompare(b.currency) ||
      amountToCents(b.change.amount) - amountToCents(a.change.amount),
  );
  if (changes.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No cost in {value.previousMonth} or {value.month}.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" color="text.secondary" mb={1}>
        {value.month} ({value.currentDays} days of data) against{' '}
        {value.previousMonth} ({value.previousDays} days), by daily average
        EffectiveCost; changes over {value.thresholdPercent} % are flagged.
      </Typography>
      <Table size="small" aria-label="Month-over-month change">
        <TableHead>
          <TableRow>
            <TableCell>
              {value.groupBy === 'owner' ? 'Squad' : 'Service'}
            </TableCell>
            <TableCell align="right">{value.previousMonth}</TableCell>
            <TableCell align="right">{value.month}</TableCell>
            <TableCell align="right">Change (month at current rate)</TableCell>
            <TableCell align="right">Change %</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {changes.map(change => (
            <TableRow
              key={`${change.currency}-${change.key ?? '\u0000'}`}
              selected={change.flagged}
            >
              <TableCell>{groupLabel(change.key)}</TableCell>
              <TableCell align="right">
                {formatMoney(change.previous)}
              </TableCell>
              <TableCell align="right">{formatMoney(change.current)}</TableCell>
              <TableCell align="right">{formatMoney(change.change)}</TableCell>
              <TableCell align="right">
                {formatChangePercent(change.changePercent)}
              </TableCell>
              <TableCell>
                {change.flagged && (
                  <Chip
                    size="small"
                    color="warning"
                    label={`Over ${value.thresholdPercent} %`}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
