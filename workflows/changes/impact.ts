import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '~/db/client';
import { deliverables, plans, planVersions, requirements, requirementVersions } from '~/db/schema';
import { sha256Hex } from '~/engine';
import { invalid } from '../errors';
import { id, list, text } from '../input';
import type { ChangeCarrier, ChangeContext, ChangeImpact } from '../machines/change-request';
import { milestonesOfImpact } from './schedule';

/** The impact as a form or a seed states it (ids of this project; days per milestone). */
export const impactFields = {
  summary: text({ max: 2000, min: 1, message: 'Summarise the impact.' }),
  requirementIds: list(id()),
  planIds: list(id()),
  deliverableIds: list(id()),
  schedule: z.array(z.object({ milestoneId: id(), days: z.number('Days are a whole number.').int('Days are a whole number.') })).default([]),
  cost: z.string().trim().max(20).default('0'),
  risks: text({ max: 2000 }).default(''),
};

/** Every id of the impact belongs to the project, else the field at fault is named. */
export function checkImpactInProject(conn: Conn, projectId: number, impact: ChangeImpact): void {
  const errors: Record<string, string> = {};
  const count = (ids: number[], query: () => { id: number }[]) => ids.length === 0 || query().length === new Set(ids).size;
  if (
    !count(impact.requirementIds, () =>
      conn
        .select({ id: requirements.id })
        .from(requirements)
        .where(and(eq(requirements.projectId, projectId), inArray(requirements.id, impact.requirementIds)))
        .all(),
    )
  )
    errors.requirementIds = 'Choose requirements of this project.';
  if (
    !count(impact.planIds, () =>
      conn
        .select({ id: plans.id })
        .from(plans)
        .where(and(eq(plans.projectId, projectId), inArray(plans.id, impact.planIds)))
        .all(),
    )
  )
    errors.planIds = 'Choose plans of this project.';
  if (
    !count(impact.deliverableIds, () =>
      conn
        .select({ id: deliverables.id })
        .from(deliverables)
        .where(and(eq(deliverables.projectId, projectId), inArray(deliverables.id, impact.deliverableIds)))
        .all(),
    )
  )
    errors.deliverableIds = 'Choose deliverables of this project.';
  if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
  milestonesOfImpact(conn, projectId, impact.schedule);
}

/** The carriers of an implementation, all of this project. */
export function checkCarriersInProject(conn: Conn, projectId: number, carriers: ChangeCarrier[]): void {
  const of = (kind: ChangeCarrier['kind']) => carriers.filter((c) => c.kind === kind).map((c) => c.id);
  const reqs = of('requirement_version');
  const pvs = of('plan_version');
  const dls = of('deliverable');
  const ok =
    (reqs.length === 0 ||
      conn
        .select({ id: requirementVersions.id })
        .from(requirementVersions)
        .innerJoin(requirements, eq(requirements.id, requirementVersions.requirementId))
        .where(and(eq(requirements.projectId, projectId), inArray(requirementVersions.id, reqs)))
        .all().length === new Set(reqs).size) &&
    (pvs.length === 0 ||
      conn
        .select({ id: planVersions.id })
        .from(planVersions)
        .innerJoin(plans, eq(plans.id, planVersions.planId))
        .where(and(eq(plans.projectId, projectId), inArray(planVersions.id, pvs)))
        .all().length === new Set(pvs).size) &&
    (dls.length === 0 ||
      conn
        .select({ id: deliverables.id })
        .from(deliverables)
        .where(and(eq(deliverables.projectId, projectId), inArray(deliverables.id, dls)))
        .all().length === new Set(dls).size);
  if (!ok) throw invalid('Check the highlighted fields.', { carriers: 'Link requirement versions, plan versions or deliverables of this project.' });
}

/** What a decider signs: the change's key, the assessment number and the impact as assessed. */
export const impactFingerprint = (key: string, c: Pick<ChangeContext, 'assessments' | 'impact'>) =>
  sha256Hex(JSON.stringify({ key, assessment: c.assessments, impact: c.impact }));
