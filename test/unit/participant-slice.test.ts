import { describe, expect, it } from 'vitest';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { runEngine } from '~/workflows/testing/engine-run';
import { sliceForParticipant } from '~/workflows/testing/participant-trace';

const header = {
  participants: 'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency',
  quotas: 'participant_id,measure,period,quota',
  transactions: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split',
};
/** Two teams: M1 manages B1 and B2 (whose manager rolls up one level); B3 and B4 stand alone; splits cross the teams. */
const dataset = {
  period: '2026-Q3',
  participantsCsv: `${header.participants}
M0,"Okafor, Sam",NW-CB-2026,head of sales,,40000,,,USD
M1,Mia Berg,NW-CB-2026,team lead,M0,40000,,,USD
B1,Avery Lee,NW-CB-2026,banker,M1,40000,,,USD
B2,Bo Svensson,NW-CB-2026,banker,M1,40000,,,USD
B3,Chioma Eze,NW-CB-2026,banker,,40000,,,USD
B4,Dmitri Orlov,NW-CB-2026,banker,,40000,,,USD
`,
  quotasCsv: `${header.quotas}\n${['M0', 'M1', 'B1', 'B2', 'B3', 'B4'].map((p) => `${p},loan_bookings,2026-Q3,1000000`).join('\n')}\n`,
  transactionsCsv: `${header.transactions}
T1,2026-07-10,B1,600000,1,loan,new,booked,
T2,2026-07-11,B2,300000,1,loan,new,booked,
S1,2026-08-01,,800000,1,syndicated loan,new,booked,B2:0.5;B3:0.5
T3,2026-08-02,B3,200000,1,loan,new,booked,
T4,2026-08-03,B4,1500000,1,loan,new,booked,
T5,2026-09-01,B1,100000,1,loan,new,booked,
`,
};
const plan = JSON.stringify({ ...commercialBankerPlan, crediting: { allowOverlay: false, rollup: { enabled: true, depth: 1 } } });
const linesOf = (outcome: ReturnType<typeof runEngine>, p: string) =>
  outcome.ok ? outcome.lines.filter((l) => l.participantId === p).map((l) => [l.componentId, l.amount]) : outcome.problems;

describe('the inputs one participant’s lines depend on (the parallel run drill-down)', () => {
  it('give each participant exactly the lines the whole run gives them: direct credit, splits and roll-up', () => {
    const whole = runEngine(plan, dataset);
    expect(whole.ok).toBe(true);
    for (const p of ['M0', 'M1', 'B1', 'B2', 'B3', 'B4']) {
      const alone = runEngine(plan, sliceForParticipant(dataset, p, plan));
      expect(linesOf(alone, p), p).toEqual(linesOf(whole, p));
    }
  });

  it('keep only the transactions crediting the participant, and the people those and the manager chain name', () => {
    const b3 = sliceForParticipant(dataset, 'B3', plan);
    expect(
      b3.transactionsCsv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['S1', 'T3']);
    // B2 shares the split, and B2's managers must be there for the engine to read B2.
    expect(
      b3.participantsCsv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['M0', 'M1', 'B2', 'B3']);
    // The roll-up plan credits M1 with B1's and B2's bookings, one level down: not with B2's split partner's.
    const m1 = sliceForParticipant(dataset, 'M1', plan);
    expect(
      m1.transactionsCsv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['T1', 'T2', 'S1', 'T5']);
    // Without roll-up, a manager's slice has none of the team's transactions.
    const flat = JSON.stringify(commercialBankerPlan);
    expect(sliceForParticipant(dataset, 'M1', flat).transactionsCsv.trim().split('\n')).toHaveLength(1);
    // A quoted name with a comma is kept as written.
    expect(b3.participantsCsv).toContain('M0,"Okafor, Sam",');
  });
});
