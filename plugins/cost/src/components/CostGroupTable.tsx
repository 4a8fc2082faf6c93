import { CostGroup } from '@internal/plugin-cost-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { costIn, currenciesOf, formatMoney, groupLabel } from './formatting';

/**
 * Groups with EffectiveCost and BilledCost in one pair of columns per
 * currency, in the order the backend ranked them.
 */
export function CostGroupTable(props: {
  groups: CostGroup[];
  /** The first column's heading, e.g. "Squad". */
  label: string;
}) {
  const { groups, label } = props;
  const currencies = currenciesOf(groups.map(group => group.costs));
  if (groups.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No cost in this period.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Cost by ${label.toLowerCase()}`}>
      <TableHead>
        <TableRow>
          <TableCell>{label}</TableCell>
          {currencies.map(currency => [
            <TableCell key={`e-${currency}`} align="right">
              EffectiveCost ({currency})
            </TableCell>,
            <TableCell key={`b-${currency}`} align="right">
              BilledCost ({currency})
            </TableCell>,
          ])}
        </TableRow>
      </TableHead>
      <TableBody>
        {groups.map(group => (
          <TableRow key={group.key ?? '\u0000unallocated'}>
            <TableCell>{groupLabel(group.key)}</TableCell>
            {currencies.map(currency => {
              const cost = costIn(group.costs, currency);
              return [
                <TableCell key={`e-${currency}`} align="right">
                  {cost ? formatMoney(cost.effectiveCost) : '—'}
                </TableCell>,
                <TableCell key={`b-${currency}`} align="right">
                  {cost ? formatMoney(cost.billedCost) : '—'}
                </TableCell>,
              ];
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
