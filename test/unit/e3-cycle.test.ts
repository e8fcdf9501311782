import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { type E3Actor, type E3Context, type E3Event, e3CycleMachine, e3MayNot, e3PayloadProblem, e3Refusal } from '~/workflows/machines/e3-cycle';
import { lateOnMyProjects } from '~/workflows/my-work/late';
import { isE3ReviewOverdue } from '~/workflows/status/overdue';

const pm: E3Actor = { id: 1, roles: ['pm'] };
const analyst: E3Actor = { id: 2, roles: ['analyst'] };
const sponsor: E3Actor = { id: 3, roles: ['stakeholder'] };
const otherStakeholder: E3Actor = { id: 4, roles: ['stakeholder'] };
const viewer: E3Actor = { id: 5, roles: ['viewer'] };
const at = '2026-09-01T10:00:00.000Z';

type Snap = { value: unknown; context: E3Context; can: (e: E3Event) => boolean };
const start = () => initialTransition(e3CycleMachine, { sponsorId: sponsor.id, startedBy: pm.id })[0] as unknown as Snap;
function send(s: Snap, e: E3Event): Snap {
  expect(s.can(e), `${String(s.value)} should accept ${e.type}: ${e3Refusal(String(s.value), s.context, e)}`).toBe(true);
  return transition(e3CycleMachine, s as never, e)[0] as unknown as Snap;
}
function refuses(s: Snap, e: E3Event, reason: string | RegExp) {
  expect(s.can(e)).toBe(false);
  expect(e3Refusal(String(s.value), s.context, e)).toMatch(reason);
}

const configure: E3Event = {
  type: 'CONFIGURE',
  actor: pm,
  at,
  periods: ['2025-Q2', '2025-Q1'],
  kpis: [{ key: 'disputeRate', target: '20', tolerance: '2' }],
  cadenceWeeks: 13,
};
const values = { values: { disputeRate: '29.17' }, perPeriod: { '2025-Q1': { disputeRate: '25.00' }, '2025-Q2': { disputeRate: '33.33' } } };
const signBaseline: E3Event = { type: 'SIGN_BASELINE', actor: sponsor, at, meaning: 'approved as business owner', fingerprint: 'f1', ...values };
const review = (periods = ['2025-Q3']): E3Event => ({
  type: 'START_REVIEW',
  actor: pm,
  at: '2026-12-01T10:00:00.000Z',
  periods,
  values: { disputeRate: '40.00' },
  perPeriod: { '2025-Q3': { disputeRate: '40.00' } },
});
const finding: E3Event = {
  type: 'RECORD_FINDING',
  actor: analyst,
  at,
  kpi: 'disputeRate',
  note: 'Disputes rose after the territory change.',
  verdict: 'worse',
};
const signReview: E3Event = { type: 'SIGN_REVIEW', actor: sponsor, at: '2026-12-05T10:00:00.000Z', meaning: 'approved as business owner', fingerprint: 'r1' };
const link: E3Event = { type: 'LINK_CHANGE', actor: pm, at, review: 1, finding: 1, change: { id: 9, key: 'CR-009' } };

describe('E3 cycle machine', () => {
  it('runs establishing -> baselineSigned -> evaluating -> evolving -> evaluating', () => {
    let s = start();
    expect(s.value).toBe('establishing');
    s = send(s, configure);
    expect(s.value).toBe('establishing');
    expect(s.context.config?.periods).toEqual(['2025-Q1', '2025-Q2']);
    s = send(s, { ...configure, cadenceWeeks: 12 });
    expect(s.context.configurations).toBe(2);
    s = send(s, signBaseline);
    expect(s.value).toBe('baselineSigned');
    expect(s.context.baseline?.values).toEqual({ disputeRate: '29.17' });
    expect(s.context.nextReviewDue).toBe('2026-11-24');
    s = send(s, review());
    expect(s.value).toBe('evaluating');
    expect(s.context.reviews[0]).toMatchObject({ number: 1, due: '2026-11-24', periods: ['2025-Q3'] });
    s = send(s, finding);
    expect(s.context.reviews[0]!.findings[0]).toMatchObject({ number: 1, value: '40.00', baseline: '29.17', target: '20', verdict: 'worse', change: null });
    s = send(s, signReview);
    expect(s.value).toBe('evolving');
    expect(s.context.nextReviewDue).toBe('2027-02-16');
    s = send(s, link);
    expect(s.context.reviews[0]!.findings[0]!.change).toEqual({ id: 9, key: 'CR-009' });
    s = send(s, review(['2025-Q4']));
    expect(s.value).toBe('evaluating');
    expect(s.context.reviews[1]).toMatchObject({ number: 2, due: '2027-02-16' });
  });

  it('refuses a baseline signed twice', () => {
    const signed = send(send(start(), configure), signBaseline);
    refuses(signed, signBaseline, /already signed and frozen/);
    refuses(signed, configure, /signed and frozen/);
  });

  it('refuses a review before the baseline is signed', () => {
    refuses(start(), review(), /sponsor signs the baseline first/);
    refuses(send(start(), configure), review(), /sponsor signs the baseline first/);
  });

  it('refuses a baseline signed before it is configured', () => {
    refuses(start(), signBaseline, /Choose the baseline periods and KPIs/);
  });

  it('lets only the named sponsor sign, never the configurer', () => {
    const configured = send(start(), configure);
    refuses(configured, { ...signBaseline, actor: otherStakeholder }, /Only the sponsor/);
    refuses(configured, { ...signBaseline, actor: { ...pm } }, /configured the baseline never signs/);
    // A sponsor who configured it (were they PM too) is still refused.
    const bySponsor = send(start(), { ...configure, actor: { id: sponsor.id, roles: ['pm', 'stakeholder'] } });
    refuses(bySponsor, signBaseline, /never signs it/);
  });

  it('lets only the PM configure and start reviews; the PM or an analyst record findings and link changes', () => {
    const s = start();
    expect(e3MayNot(s.context, 'CONFIGURE', analyst)).toMatch(/Only the project manager/);
    expect(e3MayNot(s.context, 'START_REVIEW', analyst)).toMatch(/Only the project manager/);
    expect(e3MayNot(s.context, 'RECORD_FINDING', viewer)).toMatch(/or an analyst/);
    expect(e3MayNot(s.context, 'LINK_CHANGE', sponsor)).toMatch(/or an analyst/);
    expect(e3MayNot(s.context, 'RECORD_FINDING', analyst)).toBeNull();
    refuses(s, { ...configure, actor: analyst }, /Only the project manager/);
  });

  it('checks what is sent: periods, KPIs, targets, tolerances, cadence', () => {
    const c = start().context;
    expect(e3PayloadProblem(c, { ...configure, periods: [] } as E3Event)).toMatch(/at least one period/);
    expect(e3PayloadProblem(c, { ...configure, periods: ['2025-Q1', '2025-Q1'] } as E3Event)).toMatch(/each period once/);
    expect(e3PayloadProblem(c, { ...configure, kpis: [] } as E3Event)).toMatch(/at least one KPI/);
    expect(e3PayloadProblem(c, { ...configure, kpis: [{ key: 'nope', target: '1', tolerance: '1' }] } as E3Event)).toMatch(/no KPI nope/);
    expect(e3PayloadProblem(c, { ...configure, kpis: [{ key: 'costOfSales', target: 'x', tolerance: '1' }] } as E3Event)).toMatch(/target/);
    expect(e3PayloadProblem(c, { ...configure, kpis: [{ key: 'costOfSales', target: '1', tolerance: '-1' }] } as E3Event)).toMatch(/tolerance/);
    expect(
      e3PayloadProblem(c, {
        ...configure,
        kpis: [
          { key: 'costOfSales', target: '1', tolerance: '1' },
          { key: 'costOfSales', target: '2', tolerance: '1' },
        ],
      } as E3Event),
    ).toMatch(/each KPI once/);
    expect(e3PayloadProblem(c, { ...configure, cadenceWeeks: 0 } as E3Event)).toMatch(/1 to 52 weeks/);
    const configured = send(start(), configure);
    refuses(configured, { ...signBaseline, meaning: ' ' } as E3Event, /meaning/);
    refuses(configured, { ...signBaseline, fingerprint: '' } as E3Event, /Reload the baseline/);
  });

  it('refuses a review of baseline periods, a finding on an untracked KPI or too short', () => {
    const signed = send(send(start(), configure), signBaseline);
    refuses(signed, review(['2025-Q2', '2025-Q3']), /2025-Q2 is in it/);
    refuses(signed, review([]), /at least one period/);
    const evaluating = send(signed, review());
    refuses(evaluating, { ...finding, kpi: 'costOfSales' } as E3Event, /KPIs the cycle tracks/);
    refuses(evaluating, { ...finding, note: 'short' } as E3Event, /at least 10 characters/);
    refuses(evaluating, review(['2025-Q4']), /review is in progress/);
  });

  it('signs a review by the sponsor only, never by whoever started it, with a meaning and fingerprint', () => {
    const evaluating = send(send(send(start(), configure), signBaseline), review());
    refuses(evaluating, { ...signReview, actor: otherStakeholder }, /Only the sponsor/);
    refuses(evaluating, { ...signReview, actor: pm }, /started the review never signs/);
    refuses(evaluating, { ...signReview, meaning: '' } as E3Event, /meaning/);
    refuses(evaluating, { ...signReview, fingerprint: '' } as E3Event, /Reload the review/);
  });

  it('links a finding to a change once, only after its review is signed', () => {
    const evaluating = send(send(send(send(start(), configure), signBaseline), review()), finding);
    refuses(evaluating, link, /once its review is signed/);
    const evolving = send(evaluating, signReview);
    refuses(evolving, { ...link, finding: 2 } as E3Event, /has no finding 2/);
    const linked = send(evolving, link);
    refuses(linked, link, /already change request CR-009/);
    refuses(evolving, finding, /cannot record a finding while the cycle is "Evolving"/);
    // While the next review runs, an earlier finding may still become a change.
    const next = send(evolving, review(['2025-Q4']));
    expect(send(next, link).context.reviews[0]!.findings[0]!.change?.key).toBe('CR-009');
  });

  it('refuses events a state has no transition for, naming the state', () => {
    refuses(start(), finding, /cannot record a finding while the cycle is "Establishing the baseline"/);
    refuses(start(), signReview, /cannot sign the review while the cycle is "Establishing/);
    refuses(start(), link, /cannot turn a finding into a change while/);
    const signed = send(send(start(), configure), signBaseline);
    refuses(signed, finding, /Baseline signed/);
    refuses(signed, signReview, /Baseline signed/);
    refuses(signed, link, /Baseline signed/);
  });
});

describe('a cadence review past its due day', () => {
  it('is overdue on the project the day after it was due, until it is signed (then the next one is due)', () => {
    expect(isE3ReviewOverdue({ state: 'evolving', nextReviewDue: '2026-11-30' }, '2026-11-30')).toBe(false);
    expect(isE3ReviewOverdue({ state: 'evaluating', nextReviewDue: '2026-11-29' }, '2026-11-30')).toBe(true);
    expect(isE3ReviewOverdue({ state: 'establishing', nextReviewDue: null }, '2026-11-30')).toBe(false);
    const late = lateOnMyProjects({
      today: '2026-11-30',
      projectName: new Map([[7, 'Contoso']]),
      managed: new Set([7]),
      vendorManaged: new Set(),
      milestones: [],
      phases: [],
      raid: [],
      deliverables: [],
      signoffs: [],
      reminderDays: 5,
      e3Cycles: [
        { projectId: 7, number: 2, state: 'baselineSigned', nextReviewDue: '2026-11-20' },
        { projectId: 8, number: 1, state: 'baselineSigned', nextReviewDue: '2026-11-20' },
      ],
    });
    expect(late.map((r) => [r.kind, r.what, r.daysLate, r.link])).toEqual([['e3review', 'E3 cadence review of cycle 2', 10, '/projects/7/optimization']]);
  });
});
