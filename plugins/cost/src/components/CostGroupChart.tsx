import { CostGroup } from '@internal/plugin-cost-common';
import { useTheme } from '@mui/material/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { currenciesOf, groupLabel, seriesKey } from './formatting';

/** EffectiveCost per group as bars, one bar series per currency. */
export function CostGroupChart(props: { groups: CostGroup[] }) {
  const { groups } = props;
  const theme = useTheme();
  const currencies = currenciesOf(groups.map(group => group.costs));
  if (groups.length === 0) return null;
  const colors = [theme.palette.primary.main, theme.palette.secondary.main];
  const data = groups.slice(0, 15).map(group => {
    const row: Record<string, string | number | null> = {
      group: groupLabel(group.key),
    };
    for (const currency of currencies) {
      const cost = group.costs.find(c => c.currency === currency);
      row[seriesKey(currency)] = cost
        ? Number(cost.effectiveCost.amount)
        : null;
    }
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="group" />
        <YAxis />
        <Tooltip />
        <Legend />
        {currencies.map((currency, index) => (
          <Bar
            key={currency}
            dataKey={seriesKey(currency)}
            name={`EffectiveCost (${currency})`}
            fill={colors[index % colors.length]}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
