import { and, eq } from 'drizzle-orm';
import type { openDatabase } from '~/db/client';
import { type ApprovalGroup, plans } from '~/db/schema';
import { demoPassword, type seedDemo } from '~/seeds/demo';
import { approveThroughRoute } from '~/seeds/plans';
import { isoDay } from '~/workflows/clock';
import { setApprovalRoute } from '~/workflows/commands/set-approval-route';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import type { Actor } from '~/workflows/policy/roles';

type Demo = Awaited<ReturnType<typeof seedDemo>>;

/**
 * A plan version uploaded by the analyst and taken through its approval with the real commands:
 * validated, submitted, signed by the route (by default the business owner alone), published by the PM
 * from `effectiveFrom` (by default today, so it is in effect at once).
 */
export async function publishPlan(
  db: ReturnType<typeof openDatabase>,
  demo: Demo,
  opts: { projectId: number; document: string; effectiveFrom?: string; route?: ApprovalGroup[]; now?: Date },
) {
  const when = opts.now ?? new Date();
  const as = (actor: Actor) => ({ db, actor, now: when });
  const { plan, version } = uploadPlanVersion(as(demo.people.analyst), { projectId: opts.projectId, document: opts.document });
  const current = db.select().from(plans).where(eq(plans.id, plan.id)).get()!;
  const route = opts.route ?? current.approvalRoute ?? [{ approvers: [{ userId: demo.people.stakeholder.id, meaning: 'approved as business owner' }] }];
  if (!current.approvalRoute || opts.route)
    setApprovalRoute(as(demo.people.pm), { projectId: opts.projectId, planId: plan.id, groups: route.map((g) => g.approvers) });
  const people = Object.values(demo.people);
  const day = isoDay(when);
  await approveThroughRoute(db, (actor) => as(actor), {
    version: { projectId: opts.projectId, planId: plan.id, number: version.number },
    author: demo.people.analyst,
    pm: demo.people.pm,
    route,
    people: (id) => people.find((p) => p.id === id)!,
    password: demoPassword,
    days: { validate: day, submit: day, sign: day, publish: day },
    effectiveFrom: opts.effectiveFrom ?? day,
  });
  return {
    plan: db
      .select()
      .from(plans)
      .where(and(eq(plans.id, plan.id)))
      .get()!,
    version,
  };
}

/** A plan of a project by its key (NW-CB-2026), as the tests name plans. */
export const planByKey = (db: ReturnType<typeof openDatabase>, projectId: number, key: string) =>
  db
    .select()
    .from(plans)
    .where(and(eq(plans.projectId, projectId), eq(plans.planKey, key)))
    .get()!;
