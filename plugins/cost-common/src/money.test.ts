import { amountToCents, centsToAmount } from './money';

describe('money', () => {
  it('reads amounts in cents', () => {
    expect(amountToCents('1234.5')).toBe(123450);
    expect(amountToCents('-0.07')).toBe(-7);
    expect(amountToCents('12')).toBe(1200);
    expect(() => amountToCents('1.234')).toThrow();
  });

  it('writes cents as amounts, rounding half away from zero', () => {
    expect(centsToAmount(123450)).toBe('1234.50');
    expect(centsToAmount(-7)).toBe('-0.07');
    expect(centsToAmount(0)).toBe('0.00');
    expect(centsToAmount(10.5)).toBe('0.11');
    expect(centsToAmount(-10.5)).toBe('-0.11');
    expect(centsToAmount(-0.4)).toBe('0.00');
  });
});
