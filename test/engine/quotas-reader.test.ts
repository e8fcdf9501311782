/** The quotas file: what is read, and every bad row refused with its line and its reason. */
import { describe, expect, it } from 'vitest';
import { D } from '../../engine/decimal';
import { A1, A2, line, loadErrors, plan, rateTable, run } from './helpers';

const onAttainment = plan([rateTable({ basis: 'attainment', tiers: [{ from: 0, rate: 0.05 }] })]);
const T = ['T1,2026-01-10,a1,1000,1,widget,new,booked,', 'T2,2026-01-10,a2,1000,1,widget,new,booked,'];

describe('the quotas file', () => {
  it('reads quotas written plainly, quoted, padded with spaces, with CRLF endings and blank lines', () => {
    const r = run({
      plans: [onAttainment],
      participants: [A1, A2],
      quotas: [' a1 , sales , 2026-Q1 , 2000.50 \r', '', '"a2","sales","2026-Q1","4000"'],
      transactions: T,
      period: '2026-Q1',
    });
    expect(line(r, 'a1', 'commission').attainment).toBe(new D(1000).div('2000.50').toFixed());
    expect(line(r, 'a2', 'commission').attainment).toBe('0.25');
  });

  it('refuses every bad row with its line, and nothing else', () => {
    const errors = loadErrors({
      plans: [onAttainment],
      participants: [A1, A2],
      quotas: [
        'a1,sales,2026-Q1,1000',
        'zz,sales,2026-Q1,1000',
        'a1,revenue,2026-Q2,1000',
        'a1,sales,2026-Q5,1000',
        'a2,sales,2026-Q1,12O0',
        'a2,sales,2026-Q2,-5',
        'a1,sales,2026-Q1,1500',
        'a2,sales,2026-Q3,1e3',
        'a2,sales,"2026-Q4,1000',
        'a2,sales,2026-Q4',
        'zz,nothing,never,x',
      ],
      transactions: T,
      period: '2026-Q1',
    }).filter((e) => e.file === 'quotas.csv');
    expect(errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '3: unknown participant "zz"',
      `4: unknown measure "revenue" for a1's plan`,
      '5: period "2026-Q5" is not a period like 2026-Q1, 2026-03, 2026, 2026-W05 or 2026-01-05/P2W',
      '6: quota "12O0" is not a decimal number',
      '7: quota must not be negative',
      '8: duplicate quota (first on line 2)',
      '9: quota "1e3" is not a decimal number',
      '10: unbalanced double quote',
      '11: expected 4 fields, found 3',
      '12: unknown participant "zz"; period "never" is not a period like 2026-Q1, 2026-03, 2026, 2026-W05 or 2026-01-05/P2W; quota "x" is not a decimal number',
    ]);
  });
});
