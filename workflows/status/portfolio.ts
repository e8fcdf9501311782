import type { Conn } from '~/db/client';
import { latestOverrides, openChangeCounts, reportsPublishedSince } from '~/db/queries/governance';
import { groupByProject, listProjects, membershipsOf } from '~/db/queries/projects';
import { addDays } from '../clock';
import { currentPhase } from '../current-phase';
import { forbidden } from '../errors';
import { type Actor, mayOnProject } from '../policy/roles';
import type { Colour } from './rules';
import { projectStatus } from './view';

/** Weeks of published reports the trend shows. */
export const trendWeeks = 12;

export type TrendWeek = { from: string; to: string; colour: Colour | null; override: string | null; period: string | null };

/** Who may open the portfolio: admins, and whoever holds a role that sees it on some project (PM, viewer). */
export function mayViewPortfolio(conn: Conn, actor: Actor) {
  return actor.isAdmin || membershipsOf(conn, actor.id).some((m) => mayOnProject(actor, [m.role], 'portfolio.view'));
}

/**
 * Every project the person sees on the portfolio, with the computed status and the rules that decided
 * it (the same `projectStatus` the project page shows), the PM's colour beside it, the overdue counts
 * from the same rules, open change requests and the status of the last twelve weeks as published.
 */
export function portfolio(conn: Conn, actor: Actor, today: string) {
  if (!mayViewPortfolio(conn, actor)) throw forbidden('The portfolio is for project managers, the PMO (viewers) and administrators.');
  const projects = listProjects(conn, actor).filter((p) => mayOnProject(actor, p.myRoles, 'portfolio.view'));
  const ids = projects.map((p) => p.id);
  const openChanges = openChangeCounts(conn, ids);
  const overrides = latestOverrides(conn, ids);
  const trendFrom = addDays(today, -7 * trendWeeks + 1);
  const reportsOf = groupByProject(reportsPublishedSince(conn, ids, trendFrom));

  const worstFirst = { red: 0, amber: 1, green: 2 } as const;
  return projects
    .map((p) => {
      const status = projectStatus(conn, p.id, today);
      const figure = (id: string) => status.rules.find((r) => r.id === id)?.figure ?? 0;
      const phase = currentPhase(p.phases);
      const gateOpen = phase && phase.state !== 'approved' && phase.state !== 'notStarted';
      const override = overrides.get(p.id);
      const mine = reportsOf.get(p.id) ?? [];
      const trend: TrendWeek[] = Array.from({ length: trendWeeks }, (_, i) => {
        const from = addDays(trendFrom, 7 * i);
        const to = addDays(from, 6);
        // The last report published in the week stands for it.
        const last = mine.filter((r) => r.publishedAt && r.publishedAt.slice(0, 10) >= from && r.publishedAt.slice(0, 10) <= to).at(-1);
        return { from, to, colour: last?.colour ?? null, override: last?.override ?? null, period: last?.period ?? null };
      });
      return {
        id: p.id,
        name: p.name,
        client: p.client,
        methodology: p.methodology,
        phase: phase?.name ?? '',
        nextGate: gateOpen ? { name: `${phase.name} gate`, date: phase.plannedEnd, state: phase.state } : null,
        colour: status.colour,
        // The rules that gave the colour decide it; the others not green are reasons too.
        deciding: status.rules
          .filter((r) => r.colour === status.colour && r.colour !== 'green')
          .map((r) => ({ label: r.label, shown: r.shown, detail: r.detail })),
        reasons: status.reasons,
        override: override?.colour ? { colour: override.colour, reason: override.reason } : null,
        overdue: {
          gates: figure('overdueGates'),
          milestones: figure('overdueMilestones'),
          deliverables: figure('overdueDeliverables'),
          raid: figure('overdueRaid'),
        },
        openChanges: openChanges.get(p.id) ?? 0,
        trend,
      };
    })
    .sort((a, b) => worstFirst[a.colour] - worstFirst[b.colour] || a.name.localeCompare(b.name));
}

export type PortfolioRow = ReturnType<typeof portfolio>[number];
