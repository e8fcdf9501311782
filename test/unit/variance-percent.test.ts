import { describe, expect, it } from 'vitest';
import { variancePercent } from '~/workflows/testing/variance-lines';

describe('a variance line’s variance % (variance / legacy x 100)', () => {
  it('is exact and rounded once, explicitly, to 2 decimals, half away from zero', () => {
    expect(variancePercent('-17500.00', '50000.00')).toBe('-35.00');
    expect(variancePercent('-675.00', '675.00')).toBe('-100.00');
    expect(variancePercent('1.00', '3.00')).toBe('33.33');
    expect(variancePercent('2.00', '3.00')).toBe('66.67');
    expect(variancePercent('-2.00', '3.00')).toBe('-66.67');
    // Exactly half way: 0.125% and -0.125% round away from zero.
    expect(variancePercent('1.25', '1000.00')).toBe('0.13');
    expect(variancePercent('-1.25', '1000.00')).toBe('-0.13');
    // 0.115% exactly: floating point reads 1.15 / 1000 * 100 as 0.11499999999999999 and rounds it down.
    expect((1.15 / 1000) * 100).toBeLessThan(0.115);
    expect(variancePercent('1.15', '1000.00')).toBe('0.12');
    // 0.0049999...% is below half a hundredth however many digits it has.
    expect(variancePercent('0.01', '200.01')).toBe('0.00');
    expect(variancePercent('-0.01', '10000.01')).toBe('0.00');
    // Large amounts keep every digit.
    expect(variancePercent('12345678901.23', '98765432109.87')).toBe('12.50');
    expect(variancePercent('0.01', '0.03')).toBe('33.33');
  });

  it('is n/a where the legacy system paid 0: no percentage of nothing', () => {
    expect(variancePercent('250.00', '0.00')).toBe('n/a');
    expect(variancePercent('-250.00', '0')).toBe('n/a');
    expect(variancePercent('0.00', '0.00')).toBe('n/a');
  });
});
