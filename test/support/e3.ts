/**
 * A hand-computed set of E3 programme data: two quarters, twelve participants, two components
 * (test/unit/e3-kpis.test.ts states every KPI worked out by hand beside it).
 */
type Person = [id: string, quota: number, revenue: number, revenuePay: number, bonusPay: number, capped: boolean];

const q1People: Person[] = [
  ['P01', 100000, 150000, 9000, 1000, true],
  ['P02', 100000, 120000, 6000, 1000, false],
  ['P03', 100000, 100000, 5000, 500, false],
  ['P04', 100000, 99999, 4500, 500, false],
  ['P05', 100000, 90000, 4000, 500, false],
  ['P06', 100000, 80000, 3500, 500, false],
  ['P07', 100000, 80000, 3000, 500, false],
  ['P08', 100000, 70000, 2500, 500, false],
  ['P09', 100000, 60000, 2000, 500, false],
  ['P10', 100000, 50000, 1500, 500, false],
  ['P11', 100000, 40000, 1000, 500, false],
  ['P12', 0, 10000, 500, 500, false],
];
const q2People: Person[] = [
  ['P01', 100000, 130000, 7000, 1000, false],
  ['P02', 100000, 125000, 6500, 1000, false],
  ['P03', 100000, 110000, 5500, 1000, false],
  ['P04', 100000, 105000, 5000, 1000, false],
  ['P05', 100000, 95000, 4500, 500, false],
  ['P06', 100000, 90000, 4000, 500, false],
  ['P07', 100000, 85000, 3500, 500, false],
  ['P08', 100000, 75000, 3000, 500, false],
  ['P09', 100000, 65000, 2500, 500, false],
  ['P10', 100000, 55000, 2000, 500, false],
  ['P11', 100000, 45000, 1500, 500, false],
  ['P12', 100000, 35000, 1000, 500, true],
];

const resultsCsv = (people: Person[]) =>
  [
    'participant,component,payout,capped,quota,credited_revenue',
    ...people.flatMap(([id, quota, revenue, pay, bonus, capped]) => [
      `${id},Revenue,${pay}.00,${capped ? 'yes' : 'no'},${quota},${revenue}`,
      `${id},Bonus,${bonus}.00,no,${quota},${revenue}`,
    ]),
  ].join('\n');

export const e3Fixture = {
  q1: {
    period: '2025-Q1',
    closeDate: '2025-03-31',
    paymentDate: '2025-04-25',
    results: resultsCsv(q1People),
    events: [
      'kind,participant,amount,raised_on,resolved_on',
      'dispute,P04,200,2025-04-10,2025-04-20',
      'dispute,P05,150,2025-04-12,2025-04-15',
      'dispute,P06,100,2025-04-15,',
      'adjustment,P07,300,2025-04-18,',
      'adjustment,P08,-200,2025-04-19,',
    ].join('\n'),
  },
  q2: {
    period: '2025-Q2',
    closeDate: '2025-06-30',
    paymentDate: '2025-07-20',
    results: resultsCsv(q2People),
    events: [
      'kind,participant,amount,raised_on,resolved_on',
      'dispute,P01,500,2025-07-05,2025-07-09',
      'dispute,P02,100,2025-07-06,2025-07-16',
      'dispute,P03,50,2025-07-07,2025-07-27',
      'dispute,P04,80,2025-07-08,2025-07-09',
      'adjustment,P05,1000,2025-07-10,',
    ].join('\n'),
  },
};
