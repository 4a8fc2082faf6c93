import { CostTrendPoint } from '@internal/plugin-cost-common';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { currenciesOf, formatMoney, seriesKey } from './formatting';

/**
 * EffectiveCost per day or month, one line per currency (amounts in
 * different currencies are never added).
 */
export function CostTrendChart(props: { points: CostTrendPoint[] }) {
  const { points } = props;
  const theme = useTheme();
  // Trailing periods without cost are days the export has not reached yet.
  let end = points.length;
  while (
    end > 0 &&
    points[end - 1].costs.every(c => Number(c.effectiveCost.amount) === 0)
  ) {
    end--;
  }
  const shown = points.slice(0, end);
  const currencies = currenciesOf(shown.map(point => point.costs));
  if (currencies.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No cost in this period.
      </Typography>
    );
  }
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
  ];
  const data = shown.map(point => {
    const row: Record<string, string | number | null> = {
      period: point.period,
    };
    for (const currency of currencies) {
      const cost = point.costs.find(c => c.currency === currency);
      row[seriesKey(currency)] = cost
        ? Number(cost.effectiveCost.amount)
        : null;
    }
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" />
        <YAxis />
        <Tooltip
          formatter={(value: unknown, name: unknown) => {
            const currency = String(name).slice(-4, -1);
            return formatMoney({ currency, amount: String(value) });
          }}
        />
        <Legend />
        {currencies.map((currency, index) => (
          <Line
            key={currency}
            type="monotone"
            dataKey={seriesKey(currency)}
            name={`EffectiveCost (${currency})`}
            stroke={colors[index % colors.length]}
            dot={false}
            connectNulls
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
