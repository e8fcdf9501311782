import { and, eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { namesOf } from '~/db/queries/people';
import { projectMembers, users } from '~/db/schema';
import { today as clockToday } from '../clock';
import { notFound } from '../errors';
import { type E3State, e3CycleWorkflow, e3StateLabels, latestReview } from '../machines/e3-cycle';
import { functionOf } from '../members/functions';
import { functionInSentence, meaningsFor } from '../policy/functions';
import { type Actor, mayOnProject } from '../policy/roles';
import { requireProjectPermission } from '../project-access';
import { availableEvents } from '../runtime';
import { isE3ReviewOverdue } from '../status/overdue';
import { baselineFingerprint, comparison, latestCycle, movedAfterChanges, reviewFingerprint, valuesOver } from './cycle';
import { programmeData, programmePeriodsOf } from './data';
import { computePeriodKpis, fixedKpis, formatKpi, kpisOf } from './kpis';
import { eventColumns, programmeLimits, resultColumns } from './programme-files';

/**
 * What the Optimization pages read (issue 17): one module, so the overview, the baseline, the review
 * and the programme data page show the same KPI values, verdicts and due days.
 */
function shell(conn: Conn, actor: Actor, projectId: number) {
  const access = requireProjectPermission(conn, actor, projectId, 'e3.view');
  const cycle = latestCycle(conn, projectId);
  const party = { id: actor.id, roles: access.roles };
  const events = cycle ? availableEvents(e3CycleWorkflow, cycle.instance, party) : new Set<string>();
  return {
    access,
    cycle,
    events,
    project: { id: access.project.id, name: access.project.name },
    mayWrite: mayOnProject(actor, access.roles, 'e3.write'),
    isPm: access.roles.includes('pm'),
  };
}

function cycleSummary(conn: Conn, cycle: NonNullable<ReturnType<typeof latestCycle>>) {
  const c = cycle.context;
  const names = namesOf(conn, [cycle.cycle.sponsorId, cycle.cycle.startedBy, c.baseline?.by ?? 0, ...c.reviews.map((r) => r.signature?.by ?? 0)]);
  const today = clockToday();
  return {
    number: cycle.cycle.number,
    state: cycle.state,
    stateLabel: e3StateLabels[cycle.state as E3State] ?? cycle.state,
    version: cycle.instance.version,
    sponsor: names.get(cycle.cycle.sponsorId) ?? '',
    startedBy: names.get(cycle.cycle.startedBy) ?? '',
    nextReviewDue: c.nextReviewDue,
    overdue: isE3ReviewOverdue({ state: cycle.state, nextReviewDue: c.nextReviewDue }, today),
    baseline: c.baseline && { periods: c.baseline.periods, by: names.get(c.baseline.by) ?? '', at: c.baseline.at, meaning: c.baseline.meaning },
    reviews: c.reviews.map((r) => ({
      number: r.number,
      due: r.due,
      periods: r.periods,
      findings: r.findings.length,
      changes: r.findings.filter((f) => f.change).length,
      signed: r.signature ? { by: names.get(r.signature.by) ?? '', at: r.signature.at } : null,
      worse: comparison(c, r.values).filter((row) => row.vsTarget === 'worse').length,
    })),
  };
}

/** The Optimization overview: the cycle, every KPI per period with its formula, and what the person may do next. */
export function optimizationPage(conn: Conn, actor: Actor, projectId: number) {
  const s = shell(conn, actor, projectId);
  const data = programmeData(conn, projectId);
  const tracked = new Map((s.cycle?.context.config?.kpis ?? []).map((k) => [k.key, k]));
  const baseline = s.cycle?.context.baseline?.values ?? {};
  const perPeriod = data.map((p) => ({ period: p.period, values: computePeriodKpis(p) }));
  const kpis = kpisOf(data).map((def) => ({
    key: def.key,
    label: def.label,
    formula: def.formula,
    unit: def.unit,
    points: perPeriod.map((p) => ({ period: p.period, value: p.values[def.key] ?? null, shown: formatKpi(def.key, p.values[def.key] ?? null) })),
    target: tracked.get(def.key)?.target ?? null,
    tolerance: tracked.get(def.key)?.tolerance ?? null,
    baseline: baseline[def.key] ?? null,
    /** The baseline and the target (± tolerance) as people read them, in the KPI's unit. */
    baselineShown: formatKpi(def.key, baseline[def.key] ?? null),
    targetShown: tracked.has(def.key) ? `${formatKpi(def.key, tracked.get(def.key)?.target ?? null)} ± ${tracked.get(def.key)?.tolerance}` : '—',
  }));
  const stakeholders = s.isPm
    ? conn
        .select({ id: users.id, name: users.name })
        .from(projectMembers)
        .innerJoin(users, eq(users.id, projectMembers.userId))
        .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, 'stakeholder')))
        .all()
        .filter((u) => u.id !== actor.id)
    : [];
  const reviewed = new Set([...(s.cycle?.context.baseline?.periods ?? []), ...(s.cycle?.context.reviews.flatMap((r) => r.periods) ?? [])]);
  return {
    project: s.project,
    cycle: s.cycle && cycleSummary(conn, s.cycle),
    kpis,
    periods: data.map((p) => p.period),
    events: [...s.events],
    mayStartCycle: s.isPm && s.mayWrite,
    stakeholders,
    /** Periods a new review may read: uploaded, not in the baseline, not read by a review yet. */
    reviewable: data.map((p) => p.period).filter((p) => !reviewed.has(p)),
    mayWrite: s.mayWrite,
  };
}

/** The programme data page: the periods uploaded and the files' shapes. */
export function programmeDataPage(conn: Conn, actor: Actor, projectId: number) {
  const s = shell(conn, actor, projectId);
  const data = programmeData(conn, projectId);
  const rows = programmePeriodsOf(conn, projectId);
  const names = namesOf(
    conn,
    rows.map((r) => r.uploadedBy),
  );
  return {
    project: s.project,
    mayWrite: s.mayWrite,
    periods: rows.map((r) => {
      const d = data.find((p) => p.period === r.period)!;
      return {
        period: r.period,
        closeDate: r.closeDate,
        paymentDate: r.paymentDate,
        participants: new Set(d.results.map((x) => x.participant)).size,
        resultLines: d.results.length,
        disputes: d.events.filter((e) => e.kind === 'dispute').length,
        adjustments: d.events.filter((e) => e.kind === 'adjustment').length,
        uploadedBy: names.get(r.uploadedBy) ?? '',
        uploadedAt: r.uploadedAt,
      };
    }),
    resultColumns: [...resultColumns],
    eventColumns: [...eventColumns],
    limits: programmeLimits,
  };
}

/** The baseline page: the establish form (the PM), the sign form (the sponsor) with what they sign, or the frozen baseline. */
export function baselinePage(conn: Conn, actor: Actor, projectId: number) {
  const s = shell(conn, actor, projectId);
  if (!s.cycle) throw notFound('This project has no E3 cycle yet: the project manager starts one on the Optimization page.');
  const c = s.cycle.context;
  const data = programmeData(conn, projectId);
  const config = c.config;
  const keys = config?.kpis.map((k) => k.key) ?? [];
  // Before the signature the values are computed now (what the sponsor would sign); after it, the frozen ones.
  const live = config && !c.baseline ? valuesOver(conn, projectId, config.periods, keys) : null;
  const values = c.baseline ?? live;
  const signing = s.events.has('SIGN_BASELINE') && config && live;
  const fn = signing ? functionOf(conn, projectId, actor.id) : null;
  return {
    project: s.project,
    cycle: cycleSummary(conn, s.cycle),
    events: [...s.events],
    periods: data.map((p) => p.period),
    options: kpisOf(data).map((k) => ({ key: k.key, label: k.label, formula: k.formula, direction: k.direction })),
    fixedCount: fixedKpis.length,
    config: config && { periods: config.periods, kpis: config.kpis, cadenceWeeks: config.cadenceWeeks },
    frozen: !!c.baseline,
    rows: config
      ? config.kpis.map((k) => {
          const def = kpisOf(data).find((d) => d.key === k.key);
          return {
            key: k.key,
            label: def?.label ?? k.key,
            formula: def?.formula ?? '',
            target: formatKpi(k.key, k.target),
            tolerance: k.tolerance,
            value: formatKpi(k.key, values?.values[k.key] ?? null),
            perPeriod: config.periods.map((p) => formatKpi(k.key, values?.perPeriod[p]?.[k.key] ?? null)),
          };
        })
      : [],
    fingerprint: signing ? baselineFingerprint(s.cycle.instance.version, config, live) : null,
    meanings: signing ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
  };
}

/** A review: every tracked KPI beside the baseline and target, its findings, and whether KPIs moved after earlier changes. */
export function reviewPage(conn: Conn, actor: Actor, projectId: number, number: number) {
  const s = shell(conn, actor, projectId);
  if (!s.cycle) throw notFound('This project has no E3 cycle yet.');
  const c = s.cycle.context;
  const review = c.reviews.find((r) => r.number === number);
  if (!review) throw notFound(`Cycle ${s.cycle.cycle.number} has no review ${number}.`);
  const current = latestReview(c)?.number === number && s.cycle.state === 'evaluating';
  const signing = current && s.events.has('SIGN_REVIEW');
  const fn = signing ? functionOf(conn, projectId, actor.id) : null;
  const names = namesOf(conn, [review.startedBy, review.signature?.by ?? 0, ...review.findings.map((f) => f.by)]);
  return {
    project: s.project,
    cycle: cycleSummary(conn, s.cycle),
    review: {
      number: review.number,
      due: review.due,
      periods: review.periods,
      startedBy: names.get(review.startedBy) ?? '',
      startedAt: review.startedAt,
      signature: review.signature && { by: names.get(review.signature.by) ?? '', at: review.signature.at, meaning: review.signature.meaning },
    },
    rows: comparison(c, review.values),
    findings: review.findings.map((f) => ({
      number: f.number,
      kpi: f.kpi,
      label: comparison(c, review.values).find((r) => r.key === f.kpi)?.label ?? f.kpi,
      note: f.note,
      value: formatKpi(f.kpi, f.value),
      baseline: formatKpi(f.kpi, f.baseline),
      target: formatKpi(f.kpi, f.target),
      verdict: f.verdict,
      by: names.get(f.by) ?? '',
      change: f.change,
    })),
    moved: movedAfterChanges(c, number).map((m) => ({
      fromReview: m.fromReview,
      finding: m.finding.number,
      change: m.finding.change,
      label: m.label,
      atFinding: m.atFinding,
      now: m.now,
      moved: m.moved,
    })),
    mayRecord: current && s.events.has('RECORD_FINDING'),
    /** A finding becomes a change once its review is signed, if the machine lets this person link it. */
    mayRaise: !!review.signature && s.events.has('LINK_CHANGE'),
    tracked: (c.config?.kpis ?? []).map((k) => ({ key: k.key, label: comparison(c, review.values).find((r) => r.key === k.key)?.label ?? k.key })),
    version: s.cycle.instance.version,
    fingerprint: signing ? reviewFingerprint(s.cycle.instance.version, c) : null,
    meanings: signing ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
  };
}
