/**
 * An amount of one currency. Amounts are decimal strings rounded to cents
 * (`"1234.50"`, `"-3.10"`), so no binary floating point sits between the
 * bill and the page; different currencies are never added together.
 */
export type Money = { currency: string; amount: string };

/** `"1234.5"` → 123450. Throws for anything but a plain decimal with at most two decimals. */
export function amountToCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`"${amount}" is not an amount in cents`);
  const cents =
    Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -cents : cents;
}

/** 123450 → `"1234.50"`; fractions of a cent round half away from zero, as PostgreSQL does. */
export function centsToAmount(cents: number): string {
  const rounded = Math.sign(cents) * Math.round(Math.abs(cents));
  const sign = rounded < 0 ? '-' : '';
  const abs = Math.abs(rounded);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(
    2,
    '0',
  )}`;
}

export const money = (currency: string, amount: string): Money => ({
  currency,
  amount,
});
