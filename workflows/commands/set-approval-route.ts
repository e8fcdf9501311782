import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { type ApprovalGroup, plans, projectMembers, users } from '~/db/schema';
import { emitAudit } from '../audit';
import { defineCommand } from '../command';
import { type FieldErrors, invalid, notFound } from '../errors';
import { id } from '../input';
import { type SignatureMeaning, signatureMeanings } from '../machines/requirement-signoff';
import { functionOf } from '../members/functions';
import { functionInSentence, meaningRefusal } from '../policy/functions';
import { requireProjectPermission } from '../project-access';

/** The most groups a route has. */
export const maxRouteGroups = 5;

/**
 * A route as a form posts it: for each stakeholder `group.<userId>` (empty: not on the route, or the
 * group's number) and `meaning.<userId>`; a typed caller passes `groups` directly.
 */
function groupsFromForm(raw: unknown) {
  if (!raw || typeof raw !== 'object' || 'groups' in raw) return raw;
  const fields = raw as Record<string, unknown>;
  const byGroup = new Map<number, { userId: string; meaning: unknown }[]>();
  for (const [key, value] of Object.entries(fields)) {
    const m = /^group\.(\d+)$/.exec(key);
    if (!m || value === '' || value === undefined) continue;
    const group = Number(value);
    byGroup.set(group, [...(byGroup.get(group) ?? []), { userId: m[1]!, meaning: fields[`meaning.${m[1]}`] ?? '' }]);
  }
  const groups = [...byGroup.entries()].sort(([a], [b]) => a - b).map(([, approvers]) => approvers);
  return { ...fields, groups };
}

export const setApprovalRouteInput = z.preprocess(
  groupsFromForm,
  z.object({
    projectId: id(),
    planId: id(),
    groups: z
      .array(z.array(z.object({ userId: id('Choose stakeholders from the list.'), meaning: z.string().max(100) })).min(1))
      .min(1, 'Put at least one stakeholder in group 1.')
      .max(maxRouteGroups, `A route has at most ${maxRouteGroups} groups.`),
  }),
);

/**
 * The PM sets who approves the plan's versions, in order: ordered groups of stakeholders of the
 * project (never a vendor representative), each signing with a meaning their function allows. A version
 * takes the route as it is when the version is submitted; whoever edited that version is refused then.
 */
export const setApprovalRoute = defineCommand({
  input: setApprovalRouteInput,
  handle: ({ tx, actor, at }, input) => {
    const plan = tx.select().from(plans).where(eq(plans.id, input.planId)).get();
    if (!plan || plan.projectId !== input.projectId) throw notFound('No such plan in this project.');
    requireProjectPermission(tx, actor, plan.projectId, 'plan.govern');
    const approvers = input.groups.flat();
    const ids = approvers.map((a) => a.userId);
    const stakeholders = new Set(
      tx
        .select({ userId: projectMembers.userId })
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, plan.projectId), eq(projectMembers.role, 'stakeholder'), inArray(projectMembers.userId, ids)))
        .all()
        .map((m) => m.userId),
    );
    // A vendor representative is one by their firm, or by their role on this project.
    const vendors = new Set(
      tx
        .select({ userId: projectMembers.userId })
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, plan.projectId), eq(projectMembers.role, 'vendor'), inArray(projectMembers.userId, ids)))
        .all()
        .map((m) => m.userId),
    );
    for (const u of tx.select({ id: users.id, vendorFirmId: users.vendorFirmId }).from(users).where(inArray(users.id, ids)).all())
      if (u.vendorFirmId !== null) vendors.add(u.id);
    const errors: FieldErrors = {};
    const seen = new Set<number>();
    for (const a of approvers) {
      if (seen.has(a.userId)) errors[`group.${a.userId}`] = 'A person is on the route once.';
      seen.add(a.userId);
      if (vendors.has(a.userId)) errors[`group.${a.userId}`] = 'A vendor representative never approves a plan.';
      else if (!stakeholders.has(a.userId)) errors[`group.${a.userId}`] = 'Only stakeholders of this project approve plans.';
      const meaning = a.meaning as SignatureMeaning;
      if (!(signatureMeanings as readonly string[]).includes(a.meaning)) errors[`meaning.${a.userId}`] = 'Choose the meaning this person signs with.';
      else {
        const fn = functionOf(tx, plan.projectId, a.userId);
        if (meaningRefusal(fn, meaning))
          errors[`meaning.${a.userId}`] = fn
            ? `Their function on this project (${functionInSentence(fn)}) does not allow signing '${meaning}'.`
            : `They have no function on this project, so they cannot sign '${meaning}'.`;
      }
    }
    if (Object.keys(errors).length) throw invalid('The route was not saved: check the highlighted people.', errors);
    const route: ApprovalGroup[] = input.groups.map((g) => ({ approvers: g.map((a) => ({ userId: a.userId, meaning: a.meaning })) }));
    tx.update(plans).set({ approvalRoute: route }).where(eq(plans.id, plan.id)).run();
    emitAudit(tx, {
      at,
      actor,
      projectId: plan.projectId,
      action: 'plan.route_set',
      subjectType: 'plan',
      subjectId: plan.planKey,
      before: plan.approvalRoute ? { route: plan.approvalRoute } : undefined,
      after: { route },
      detail: `Approval route of ${plan.planKey}: ${route.length} group${route.length === 1 ? '' : 's'}, ${approvers.length} approver${approvers.length === 1 ? '' : 's'}.`,
    });
    return { route };
  },
});
