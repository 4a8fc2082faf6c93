import { useApi } from '@backstage/frontend-plugin-api';
import { describeWorkingHours } from '@internal/plugin-cost-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { CostRange, costApiRef } from '../api/CostApi';
import { formatMoney } from './formatting';
import { Section } from './Section';

/**
 * The period's non-production cost and share per currency, and what
 * shutting non-production down outside working hours would save a month.
 */
export function NonProductionSection(props: { range: CostRange }) {
  const { range } = props;
  const costApi = useApi(costApiRef);
  const state = useAsync(() => costApi.nonProduction(range), [costApi, range]);
  return (
    <Section title="Non-production" state={state}>
      {value => {
        if (value.currencies.length === 0) {
          return (
            <Typography variant="body2" color="text.secondary">
              No cost in this period.
            </Typography>
          );
        }
        const schedule = describeWorkingHours(value.workingHours);
        return (
          <>
            <Typography variant="body2" color="text.secondary" mb={1}>
              Every environment but {value.productionEnvironments.join(', ')} is
              non-production; cost without an environment is counted in the
              total only.
            </Typography>
            <Table size="small" aria-label="Non-production cost">
              <TableHead>
                <TableRow>
                  <TableCell>Currency</TableCell>
                  <TableCell align="right">Non-production</TableCell>
                  <TableCell align="right">Share</TableCell>
                  <TableCell align="right">Total</TableCell>
                  <TableCell align="right">No environment</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.currencies.map(c => (
                  <TableRow key={c.currency}>
                    <TableCell>{c.currency}</TableCell>
                    <TableCell align="right">
                      {formatMoney(c.nonProduction)}
                    </TableCell>
                    <TableCell align="right">
                      {c.nonProductionSharePercent.toFixed(1)} %
                    </TableCell>
                    <TableCell align="right">{formatMoney(c.total)}</TableCell>
                    <TableCell align="right">
                      {formatMoney(c.unallocated)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {value.currencies
              .filter(c => Number(c.offHoursSavingPerMonth.amount) > 0)
              .map(c => (
                <Typography key={c.currency} variant="body2" mt={1}>
                  Shutting it down outside working hours ({schedule}) would save
                  about {formatMoney(c.offHoursSavingPerMonth)} a month.
                </Typography>
              ))}
          </>
        );
      }}
    </Section>
  );
}
