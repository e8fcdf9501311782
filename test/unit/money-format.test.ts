import { describe, expect, it } from 'vitest';
import { money } from '~/workflows/format/money';

/** One format for money on every page: thousands separators, two decimals, exact (worked on the string). */
describe('money', () => {
  it('groups thousands and shows two decimals', () => {
    expect(money('4800')).toBe('4,800.00');
    expect(money('4800.00')).toBe('4,800.00');
    expect(money('4500.5')).toBe('4,500.50');
    expect(money('0')).toBe('0.00');
    expect(money('-1234567.891')).toBe('-1,234,567.89');
    expect(money('.5')).toBe('0.50');
  });

  it('rounds half up (away from zero) without passing through a float', () => {
    expect(money('0.125')).toBe('0.13');
    expect(money('-0.125')).toBe('-0.13');
    expect(money('-0.004')).toBe('0.00');
    expect(money('99999999999999999.995')).toBe('100,000,000,000,000,000.00');
    expect(money('1.0049999999')).toBe('1.00');
  });

  it('shows a dash for no amount and leaves what is not a number as it is', () => {
    expect(money(null)).toBe('—');
    expect(money('')).toBe('—');
    expect(money('n/a')).toBe('n/a');
  });
});
