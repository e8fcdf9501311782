import Decimal from 'decimal.js';
import type { DB } from '~/db/client';
import { configureE3Baseline } from '~/workflows/commands/configure-e3-baseline';
import { raiseChangeFromFinding } from '~/workflows/commands/raise-change-from-finding';
import { recordE3Finding } from '~/workflows/commands/record-e3-finding';
import { signE3Baseline } from '~/workflows/commands/sign-e3-baseline';
import { signE3Review } from '~/workflows/commands/sign-e3-review';
import { startE3Cycle } from '~/workflows/commands/start-e3-cycle';
import { startE3Review } from '~/workflows/commands/start-e3-review';
import { uploadProgrammeData } from '~/workflows/commands/upload-programme-data';
import { baselineFingerprint, latestCycle, reviewFingerprint, valuesOver } from '~/workflows/e3/cycle';
import type { Actor } from '~/workflows/policy/roles';

type People = { pm: Actor; analyst: Actor; stakeholder: Actor };
const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

/** The eight quarters of Contoso's programme: the baseline is the first four; 2026-Q3 is the one the first review reads. */
export const contosoQuarters = ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'] as const;
const quarterEnd = (q: string) => {
  const [year, n] = [q.slice(0, 4), Number(q.slice(-1))];
  return `${year}-${['03-31', '06-30', '09-30', '12-31'][n - 1]}`;
};
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A small deterministic generator (a linear congruential one), so every seed writes the same data. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * One quarter of Contoso's production results, as the client's files would give them: 40 sellers paid
 * on Revenue (4% of credited revenue, capped at 20,000) and a New logo bonus; disputes and manual
 * adjustments. In 2026-Q3 disputes jump and the New logo bonus shrinks: what the first review finds.
 */
export function contosoQuarter(index: number) {
  const q = contosoQuarters[index]!;
  const random = generator(1000 + index);
  const late = index === contosoQuarters.length - 1;
  const results = ['participant,component,payout,capped,quota,credited_revenue'];
  const sellers: string[] = [];
  for (let i = 1; i <= 40; i++) {
    const id = `C${String(i).padStart(3, '0')}`;
    sellers.push(id);
    const quota = new Decimal(250_000 + (i % 5) * 50_000);
    const revenue = quota.times(0.6 + random() * 0.8 + index * 0.01).toDecimalPlaces(0);
    const commission = revenue.times('0.04');
    const capped = commission.gt(20_000);
    const newLogo = new Decimal(Math.floor(random() * 8) * 500).times(late ? '0.4' : '1');
    results.push(`${id},Revenue,${Decimal.min(commission, 20_000).toFixed(2)},${capped ? 'yes' : 'no'},${quota.toFixed(0)},${revenue.toFixed(0)}`);
    results.push(`${id},New logo,${newLogo.toFixed(2)},no,${quota.toFixed(0)},${revenue.toFixed(0)}`);
  }
  const close = quarterEnd(q);
  const events = ['kind,participant,amount,raised_on,resolved_on'];
  const disputes = 2 + Math.floor(random() * 2) + (late ? 6 : 0);
  for (let d = 0; d < disputes; d++) {
    const raised = addDays(close, 22 + d);
    const resolved = late && d >= disputes - 2 ? '' : addDays(raised, 5 + Math.floor(random() * 15));
    events.push(`dispute,${sellers[(d * 7 + index) % 40]},${(100 + Math.floor(random() * 900)).toFixed(2)},${raised},${resolved}`);
  }
  const adjustments = 1 + Math.floor(random() * 3);
  for (let a = 0; a < adjustments; a++)
    events.push(
      `adjustment,${sellers[(a * 11 + index * 3) % 40]},${(a % 2 === 0 ? '' : '-') + (50 + Math.floor(random() * 400)).toFixed(2)},${addDays(close, 15 + a)},`,
    );
  return { period: q, closeDate: close, paymentDate: addDays(close, late ? 27 : 20 + (index % 3)), results: results.join('\n'), events: events.join('\n') };
}

/** What Contoso's cycle tracks: targets the sponsor agreed, with a tolerance each. */
export const contosoKpis = [
  { key: 'costOfSales', target: '4.5', tolerance: '0.5' },
  { key: 'atQuota', target: '50', tolerance: '10' },
  { key: 'disputeRate', target: '6', tolerance: '2' },
  { key: 'cycleDays', target: '21', tolerance: '3' },
  { key: 'share:New logo', target: '12', tolerance: '3' },
];

/**
 * Contoso's E3 cycle, through the commands: the seven quarters before the engagement are uploaded, the
 * PM picks the first four as the baseline and the sponsor signs it before the Establish gate (whose
 * "Baseline KPIs measured and agreed" is computed from it); after the gate, 2026-Q3 comes in, the first
 * review finds disputes up and the New logo bonus under target, and the disputes finding becomes a change.
 */
export function contosoE3(db: DB, projectId: number, people: People, password: string) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const cycle = () => latestCycle(db, projectId)!;
  return {
    async beforeEstablishGate() {
      for (let i = 0; i < contosoQuarters.length - 1; i++) uploadProgrammeData(as(people.analyst, '2026-08-12'), { projectId, ...contosoQuarter(i) });
      startE3Cycle(as(people.pm, '2026-08-17'), { projectId, sponsorId: people.stakeholder.id });
      configureE3Baseline(as(people.pm, '2026-08-24'), {
        projectId,
        expectedVersion: cycle().instance.version,
        periods: contosoQuarters.slice(0, 4),
        kpis: contosoKpis,
        cadenceWeeks: 13,
      });
      const c = cycle();
      const config = c.context.config!;
      const values = valuesOver(
        db,
        projectId,
        config.periods,
        config.kpis.map((k) => k.key),
      );
      await signE3Baseline(as(people.stakeholder, '2026-09-04'), {
        projectId,
        password,
        meaning: 'approved as business owner',
        expectedVersion: c.instance.version,
        fingerprint: baselineFingerprint(c.instance.version, config, values),
      });
    },
    async afterEstablishGate() {
      uploadProgrammeData(as(people.analyst, '2026-10-30'), { projectId, ...contosoQuarter(contosoQuarters.length - 1) });
      startE3Review(as(people.pm, '2026-11-02'), { projectId, expectedVersion: cycle().instance.version, periods: ['2026-Q3'] });
      recordE3Finding(as(people.analyst, '2026-11-03'), {
        projectId,
        expectedVersion: cycle().instance.version,
        kpi: 'disputeRate',
        note: 'Disputes tripled in 2026-Q3: most name split credit on shared accounts, which the crediting rules do not cover.',
      });
      recordE3Finding(as(people.analyst, '2026-11-03'), {
        projectId,
        expectedVersion: cycle().instance.version,
        kpi: 'share:New logo',
        note: 'The New logo bonus paid well under its target share: the new threshold is out of reach for most sellers.',
      });
      const c = cycle();
      await signE3Review(as(people.stakeholder, '2026-11-06'), {
        projectId,
        password,
        meaning: 'approved as business owner',
        expectedVersion: c.instance.version,
        fingerprint: reviewFingerprint(c.instance.version, c.context),
      });
      raiseChangeFromFinding(as(people.pm, '2026-11-09'), {
        projectId,
        expectedVersion: cycle().instance.version,
        review: 1,
        finding: 1,
        title: 'Crediting rule for split credit on shared accounts',
      });
    },
  };
}
