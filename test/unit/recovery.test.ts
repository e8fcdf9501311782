/**
 * Issue 17, acceptance 1 (recovery): the recovery machine, every transition and guard (presenting with
 * an area unrated, a plan accepted by its author or by someone other than the sponsor, acceptance of a
 * plan without a baseline, closing without a final assessment).
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import {
  recoveryMachine as machine,
  type Ratings,
  type RecoveryActor,
  type RecoveryArea,
  type RecoveryContext,
  type RecoveryEvent,
  recoveryAreas,
  recoveryRefusal,
  recoveryWorkflow,
} from '~/workflows/machines/recovery';
import { eventsFrom } from '~/workflows/runtime';

const pm: RecoveryActor = { id: 1, roles: ['pm'] };
const sponsor: RecoveryActor = { id: 2, roles: ['stakeholder'] };
const otherStakeholder: RecoveryActor = { id: 3, roles: ['stakeholder'] };
const tester: RecoveryActor = { id: 5, roles: ['tester'] };
const at = '2026-11-30T10:00:00.000Z';

const rate = (area: RecoveryArea = 'scope', actor = pm, findings = 'Twelve requirements unsigned.'): RecoveryEvent => ({
  type: 'RATE',
  actor,
  at,
  area,
  rating: 'atRisk',
  findings,
});
const summarise = (actor = pm): RecoveryEvent => ({ type: 'SUMMARISE', actor, at, accomplishments: ['Plans designed'], causes: ['No test lead'] });
const present = (actor = pm): RecoveryEvent => ({ type: 'PRESENT', actor, at });
const savePlan = (actor = pm, baselineId: number | null = 9): RecoveryEvent => ({
  type: 'SAVE_PLAN',
  actor,
  at,
  summary: 'Add a test lead; move UAT by three weeks.',
  roleChanges: [{ who: 'Tomas Berg', responsibility: 'Test lead for UAT' }],
  baselineId,
  baselineNumber: baselineId ? 2 : null,
});
const accept = (actor = sponsor, meaning = 'approved as business owner', fingerprint = 'f'.repeat(64)): RecoveryEvent => ({
  type: 'ACCEPT',
  actor,
  at,
  meaning,
  fingerprint,
});
const log = (week = '2026-12-07', actor = pm): RecoveryEvent => ({
  type: 'LOG_PROGRESS',
  actor,
  at,
  week,
  note: 'UAT started on time.',
  met: 1,
  slipped: 0,
  due: 1,
});
const everyArea = (findings = 'Rated again at close.'): Ratings =>
  Object.fromEntries(recoveryAreas.map((a) => [a, { rating: 'onTrack', findings, by: 0, at: '' }])) as Ratings;
const close = (finalAreas = everyArea(), actor = pm): RecoveryEvent => ({ type: 'CLOSE', actor, at, finalAreas, summary: 'Back on the new baseline.' });

const start = () => initialTransition(machine, { pmId: pm.id, sponsorId: sponsor.id, originalBaselineId: 1 })[0] as AnyMachineSnapshot;
const send = (s: AnyMachineSnapshot, e: RecoveryEvent) => transition(machine, s, e)[0] as AnyMachineSnapshot;
const ctx = (s: AnyMachineSnapshot) => s.context as RecoveryContext;
function run(...events: RecoveryEvent[]) {
  let s = start();
  for (const e of events) {
    expect(s.can(e), `${e.type} in ${String(s.value)}: ${recoveryRefusal(String(s.value), ctx(s), e)}`).toBe(true);
    s = send(s, e);
  }
  return s;
}
const assessed = () => [...recoveryAreas.map((a) => rate(a)), summarise()];

describe('assessing', () => {
  it('starts assessing with no area rated', () => {
    const s = start();
    expect(s.value).toBe('assessing');
    expect(ctx(s).areas).toEqual({});
    expect(ctx(s).sponsorId).toBe(sponsor.id);
  });
  it('the PM rates an area and rates it again; the later rating wins', () => {
    const s = run(rate('testing'), { ...(rate('testing') as object), rating: 'inJeopardy', findings: 'Payout cases fail.' } as unknown as RecoveryEvent);
    expect(s.value).toBe('assessing');
    expect(ctx(s).areas.testing).toMatchObject({ rating: 'inJeopardy', findings: 'Payout cases fail.', by: pm.id });
  });
  it('only the PM rates, summarises and presents', () => {
    const s = start();
    for (const e of [rate('scope', tester), rate('scope', sponsor), summarise(sponsor), present(sponsor)]) {
      expect(s.can(e)).toBe(false);
      expect(recoveryRefusal('assessing', ctx(s), e)).toMatch(/Only the project manager/);
    }
  });
  it('a rating needs findings and a known rating', () => {
    const s = start();
    expect(s.can(rate('scope', pm, 'short'))).toBe(false);
    expect(recoveryRefusal('assessing', ctx(s), rate('scope', pm, 'short'))).toMatch(/findings/);
    const bad = { ...(rate('scope') as object), rating: 'fine' } as unknown as RecoveryEvent;
    expect(s.can(bad)).toBe(false);
  });
  it('a summary lists accomplishments and causes', () => {
    const s = start();
    const noCauses: RecoveryEvent = { type: 'SUMMARISE', actor: pm, at, accomplishments: ['x'], causes: [] };
    expect(s.can(noCauses)).toBe(false);
    expect(s.can({ ...noCauses, accomplishments: [], causes: ['y'] })).toBe(false);
    expect(ctx(run(summarise())).causes).toEqual(['No test lead']);
  });
  it('is presented only when every area is rated with findings and the summary is written', () => {
    const allButData = run(...recoveryAreas.filter((a) => a !== 'data').map((a) => rate(a)), summarise());
    expect(allButData.can(present())).toBe(false);
    expect(recoveryRefusal('assessing', ctx(allButData), present())).toMatch(/still to rate: Data\./);
    const noSummary = run(...recoveryAreas.map((a) => rate(a)));
    expect(noSummary.can(present())).toBe(false);
    const s = run(...assessed(), present());
    expect(s.value).toBe('presented');
    expect(ctx(s).presented).toEqual({ by: pm.id, at });
  });
  it('no plan is saved or accepted while assessing', () => {
    const s = start();
    expect(s.can(savePlan())).toBe(false);
    expect(s.can(accept())).toBe(false);
    expect(recoveryRefusal('assessing', ctx(s), savePlan())).toMatch(/presented to leadership before/);
  });
});

describe('the corrective plan and its acceptance', () => {
  const presented = () => run(...assessed(), present());
  it('the PM saves the plan as a baseline and may save it again: each save is a new revision', () => {
    const s = run(...assessed(), present(), savePlan(), savePlan(pm, 10));
    expect(s.value).toBe('presented');
    expect(ctx(s).plan).toMatchObject({ revision: 2, baselineId: 10, by: pm.id, roleChanges: [{ who: 'Tomas Berg' }] });
  });
  it('a plan is not saved without a schedule baseline, nor without a summary', () => {
    const s = presented();
    expect(s.can(savePlan(pm, null))).toBe(false);
    expect(recoveryRefusal('presented', ctx(s), savePlan(pm, null))).toMatch(/saved as a schedule baseline/);
    expect(s.can({ ...(savePlan() as object), summary: 'short' } as unknown as RecoveryEvent)).toBe(false);
    expect(s.can(savePlan(sponsor))).toBe(false);
  });
  it('acceptance of a plan without a baseline is refused', () => {
    // A plan can only get into the context through SAVE_PLAN, which needs a baseline; a context whose
    // plan has none (e.g. written by an older version) is still never accepted.
    const s = presented();
    expect(s.can(accept())).toBe(false);
    expect(recoveryRefusal('presented', ctx(s), accept())).toMatch(/no corrective plan/);
    const withoutBaseline = machine.resolveState({
      value: 'presented',
      context: {
        ...ctx(s),
        plan: { revision: 1, by: pm.id, at, summary: 'A plan with no baseline.', roleChanges: [], baselineId: null, baselineNumber: null },
      },
    });
    expect(withoutBaseline.can(accept())).toBe(false);
    expect(recoveryRefusal('presented', withoutBaseline.context, accept())).toMatch(/not saved as a schedule baseline/);
  });
  it('only the sponsor accepts, never the plan’s author, and with a meaning and fingerprint', () => {
    const s = run(...assessed(), present(), savePlan());
    expect(s.can(accept(otherStakeholder))).toBe(false);
    expect(recoveryRefusal('presented', ctx(s), accept(otherStakeholder))).toMatch(/Only the sponsor/);
    expect(s.can(accept(pm))).toBe(false);
    expect(s.can(accept(sponsor, ' '))).toBe(false);
    expect(s.can(accept(sponsor, 'approved as business owner', ''))).toBe(false);
    // The sponsor who also wrote the plan (a stakeholder and PM at once) still may not accept it.
    const both: RecoveryActor = { id: sponsor.id, roles: ['pm', 'stakeholder'] };
    const authored = run(...assessed(), present(), savePlan(both));
    expect(authored.can(accept(both))).toBe(false);
    expect(recoveryRefusal('presented', ctx(authored), accept(both))).toMatch(/never accepts/);
    const accepted = send(s, accept());
    expect(accepted.value).toBe('planAccepted');
    expect(ctx(accepted).acceptance).toMatchObject({ by: sponsor.id, meaning: 'approved as business owner', revision: 1 });
  });
  it('once accepted the plan no longer changes', () => {
    const s = run(...assessed(), present(), savePlan(), accept());
    expect(s.can(savePlan())).toBe(false);
    expect(s.can(accept())).toBe(false);
    expect(s.can(rate())).toBe(false);
  });
});

describe('turnaround and closing', () => {
  const accepted = () => run(...assessed(), present(), savePlan(), accept());
  it('the first weekly entry starts the turnaround; one entry per week', () => {
    const s = run(...assessed(), present(), savePlan(), accept(), log('2026-12-07'), log('2026-12-14'));
    expect(s.value).toBe('turnaround');
    expect(ctx(s).progress.map((p) => p.week)).toEqual(['2026-12-07', '2026-12-14']);
    expect(s.can(log('2026-12-14'))).toBe(false);
    expect(recoveryRefusal('turnaround', ctx(s), log('2026-12-14'))).toMatch(/already logged/);
    expect(s.can(log('next week'))).toBe(false);
    expect(s.can(log('2026-12-21', sponsor))).toBe(false);
  });
  it('is not closed before the turnaround started', () => {
    const s = accepted();
    expect(s.can(close())).toBe(false);
    expect(recoveryRefusal('planAccepted', ctx(s), close())).toMatch(/at least once/);
  });
  it('closes only with a final assessment of every area', () => {
    const s = run(...assessed(), present(), savePlan(), accept(), log());
    const partial = everyArea();
    delete partial.data;
    expect(s.can(close(partial))).toBe(false);
    expect(recoveryRefusal('turnaround', ctx(s), close(partial))).toMatch(/Data is not rated/);
    expect(s.can(close(everyArea('short')))).toBe(false);
    expect(s.can(close(everyArea(), sponsor))).toBe(false);
    const closed = send(s, close());
    expect(closed.value).toBe('closed');
    expect(closed.status).toBe('done');
    expect(Object.keys(ctx(closed).finalAreas)).toEqual([...recoveryAreas]);
    expect(ctx(closed).closing).toMatchObject({ by: pm.id, summary: 'Back on the new baseline.' });
    expect(ctx(closed).areas.scope?.findings).toBe('Twelve requirements unsigned.');
  });
});

describe('the events each state offers', () => {
  const row = (stateValue: string) => ({ id: 1, machineId: 'recovery', machineVersion: 1, stateValue, context: ctx(start()) });
  it('lists the transitions of each state', () => {
    expect(eventsFrom(recoveryWorkflow, row('assessing')).sort()).toEqual(['PRESENT', 'RATE', 'SUMMARISE']);
    expect(eventsFrom(recoveryWorkflow, row('presented')).sort()).toEqual(['ACCEPT', 'SAVE_PLAN']);
    expect(eventsFrom(recoveryWorkflow, row('planAccepted'))).toEqual(['LOG_PROGRESS']);
    expect(eventsFrom(recoveryWorkflow, row('turnaround')).sort()).toEqual(['CLOSE', 'LOG_PROGRESS']);
    expect(eventsFrom(recoveryWorkflow, row('closed'))).toEqual([]);
  });
});

describe('the week a progress entry is for', () => {
  it('is the Monday of the day’s week', async () => {
    const { weekOf } = await import('~/workflows/recovery/turnaround');
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
    expect(weekOf('2026-12-09')).toBe('2026-12-07');
    expect(weekOf('2026-12-13')).toBe('2026-12-07');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
  });
});
