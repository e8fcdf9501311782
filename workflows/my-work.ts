import type { Conn } from '~/db/client';
import {
  changeRequestsInState,
  lastAuditBy,
  latestEventsOf,
  membershipsOfProjects,
  openMilestonesOf,
  openRaidItemsOf,
  projectInstancesInState,
  selectionsInState,
} from '~/db/queries/my-work';
import { namesOf } from '~/db/queries/people';
import { membershipsOf, phasesInState } from '~/db/queries/projects';
import { openRequirementVersions } from '~/db/queries/requirements';
import { casesAssignedTo, defectsInState, parallelRunsInState, planVersionsInState } from '~/db/queries/testing';
import { contractsWithUnreleasedMilestones, defectsAssignedToFirm, deliverablesOfProjects } from '~/db/queries/vendor-work';
import type { ProjectRole } from '~/db/schema';
import { today as calendarToday } from './clock';
import { latestCyclesOf } from './e3/cycle';
import { changeMayNot, changeRequestWorkflow } from './machines/change-request';
import { defectWorkflow } from './machines/defect';
import { e3CycleWorkflow, latestReview } from './machines/e3-cycle';
import { phaseGate } from './machines/phase-gate';
import { planApproval, planMayNot, waitingOn } from './machines/plan-approval';
import { platformSelectionWorkflow } from './machines/platform-selection';
import { recoveryWorkflow } from './machines/recovery';
import { requirementSignoff } from './machines/requirement-signoff';
import { lateOnMyProjects } from './my-work/late';
import { turnSince, waitingRows } from './my-work/waiting';
import { reminderDaysOf } from './notifications/settings';
import { type Actor, mayOnProject, type ProjectPermission, rolesMay } from './policy/roles';
import { contextOf } from './runtime';
import { milestoneStandings } from './vendors/payments';

/**
 * What waits on this person now, the one answer My work and every list of it read. An item counts only
 * in a project the person is a member of, and only when their role there is the one the item needs
 * (the policy's permission for it): a stakeholder named on a gate who has since left the project, or
 * a tester assigned a case on a project they no longer test, is not waited on. A fixed number of reads
 * whatever the number of items; the rules (who signs, who verifies) are applied here, not in db/queries.
 */
export function myWork(conn: Conn, actor: Actor, today = calendarToday()) {
  const memberships = membershipsOf(conn, actor.id);
  const projectName = new Map(memberships.map((m) => [m.projectId, m.project]));
  const rolesOn = (projectId: number): ProjectRole[] => memberships.filter((m) => m.projectId === projectId).map((m) => m.role);
  const may = (projectId: number, permission: ProjectPermission) => mayOnProject(actor, rolesOn(projectId), permission);
  const holds = (projectId: number, role: ProjectRole) => rolesOn(projectId).includes(role);
  const projectIds = [...projectName.keys()];
  const me = actor.id;

  // Phases under way: the gates to decide or request again, and (for a manager) the late ones.
  const gates = phasesInState(conn, projectIds, ['active', 'inReview', 'sentBack']).map((p) => ({ ...p, context: contextOf(phaseGate, p.instance) }));
  const gate = (p: (typeof gates)[number]) => ({
    phaseId: p.id,
    instanceId: p.instance.id,
    projectId: p.projectId,
    project: projectName.get(p.projectId) ?? '',
    phase: p.name,
    state: p.state,
  });

  const requirements = openRequirementVersions(conn, projectIds, me).map((r) => ({ ...r, context: contextOf(requirementSignoff, r.instance) }));
  const requirement = ({ id, projectId, key, title, state, instance }: (typeof requirements)[number]) => ({
    id,
    projectId,
    key,
    title,
    state,
    instanceId: instance.id,
  });

  const defects = defectsInState(conn, projectIds, ['open', 'inProgress', 'fixed']);
  const planVersions = planVersionsInState(conn, projectIds, ['inApproval', 'draft']).map((v) => ({ ...v, context: contextOf(planApproval, v.instance) }));
  const planVersion = ({ planId, projectId, planKey, name, number, state }: (typeof planVersions)[number]) => ({
    planId,
    projectId,
    project: projectName.get(projectId) ?? '',
    planKey,
    name,
    number,
    state,
  });

  const vendorDeliverables = deliverablesOfProjects(conn, projectIds);
  const deliverable = ({ id, projectId, key, title, dueDate, firm, state }: (typeof vendorDeliverables)[number]) => ({
    id,
    projectId,
    project: projectName.get(projectId) ?? '',
    key,
    title,
    dueDate,
    firm,
    state,
  });
  const managed = projectIds.filter((id) => may(id, 'vendor.manage'));
  const unreleased = contractsWithUnreleasedMilestones(conn, managed);
  const contractProject = new Map(unreleased.map((c) => [c.id, c.projectId]));
  const contractCurrency = new Map(unreleased.map((c) => [c.id, c.currency]));
  const milestones = milestoneStandings(
    conn,
    unreleased.map((c) => c.id),
  );
  // Reviews and sign-offs waiting on people: the requester's "waiting on others", a manager's late sign-offs.
  const changes = changeRequestsInState(conn, projectIds, ['assessed']).map((c) => ({ ...c, context: contextOf(changeRequestWorkflow, c.instance) }));
  const reviewing = {
    gates: gates.filter((g) => g.state === 'inReview'),
    requirements: requirements.filter((r) => r.state === 'inReview'),
    planVersions: planVersions.filter((v) => v.state === 'inApproval'),
    changes,
  };
  const members = membershipsOfProjects(conn, projectIds);
  const signPermission = { gate: 'gate.decide', requirement: 'requirement.sign', plan: 'plan.sign' } as const;
  const waiting = waitingRows({
    today,
    projectName,
    ...reviewing,
    events: latestEventsOf(
      conn,
      [...reviewing.gates, ...reviewing.requirements, ...reviewing.planVersions, ...changes].map((x) => x.instance.id),
      ['REQUEST_REVIEW', 'SUBMIT', 'ASSESS'],
    ),
    names: namesOf(conn, [
      ...reviewing.gates.flatMap((g) => g.context.approvers),
      ...reviewing.requirements.flatMap((r) => r.context.signers),
      ...reviewing.planVersions.flatMap((v) => waitingOn(v.context).map((a) => a.userId)),
      ...changes.map((c) => c.context.deciderId),
    ]),
    signs: (projectId, userId, kind) =>
      rolesMay(
        members.filter((m) => m.projectId === projectId && m.userId === userId).map((m) => m.role),
        signPermission[kind],
      ),
    reminded: lastAuditBy(conn, me, 'reminder.sent', projectIds),
  });
  const late = lateOnMyProjects({
    today,
    projectName,
    managed: new Set(projectIds.filter((id) => may(id, 'project.manageMilestones'))),
    vendorManaged: new Set(managed),
    milestones: openMilestonesOf(conn, projectIds),
    phases: gates,
    raid: openRaidItemsOf(conn, projectIds),
    deliverables: vendorDeliverables,
    signoffs: waiting.filter((w) => w.requestedBy !== me),
    reminderDays: reminderDaysOf(conn),
    e3Cycles: latestCyclesOf(conn, projectIds),
  });
  const reports = parallelRunsInState(conn, projectIds, ['inReview']).map((r) => ({ ...r, context: contextOf(requirementSignoff, r.instance) }));

  return {
    /** What is late on the projects this person manages (including overdue deliverables), longest overdue first. */
    late,
    /** What this person requested, submitted or raised that waits on other people, by name and since when. */
    waitingOnOthers: waiting.filter((w) => w.requestedBy === me),
    gates: {
      /** Reviews naming this stakeholder as an approver who has not signed yet. */
      gatesToDecide: gates
        .filter((p) => p.state === 'inReview' && may(p.projectId, 'gate.decide'))
        .filter((p) => p.context.approvers.includes(me) && !p.context.approvals.some((a) => a.userId === me))
        .map(gate),
      /** Gates sent back, for the project's PMs (any of them may request the review again). */
      gatesSentBack: gates
        .filter((p) => p.state === 'sentBack' && may(p.projectId, 'gate.requestReview'))
        .map((p) => ({ ...gate(p), reason: p.context.rejection?.reason ?? '' })),
    },
    changes: {
      /**
       * Change requests whose impact is assessed, naming this person as their decider (the machine's own
       * who-may check: never the requester), while they may still read the project's changes.
       */
      toDecide: changes
        .filter((c) => may(c.projectId, 'change.view'))
        .filter((c) => changeMayNot(c.context, 'APPROVE', { id: me, roles: rolesOn(c.projectId) }) === null)
        .map((c) => ({ id: c.id, projectId: c.projectId, project: projectName.get(c.projectId) ?? '', key: c.key, title: c.title, instanceId: c.instance.id })),
    },
    optimization: (() => {
      // Only each project's current cycle (the latest started) waits on anyone.
      const cycles = projectInstancesInState(conn, e3CycleWorkflow.id, projectIds, ['establishing', 'evaluating']).map((r) => ({
        projectId: r.projectId ?? 0,
        state: String(r.instance.stateValue),
        instanceId: r.instance.id,
        context: contextOf(e3CycleWorkflow, r.instance),
      }));
      const current = new Map<number, (typeof cycles)[number]>();
      for (const c of cycles) if ((current.get(c.projectId)?.instanceId ?? 0) < c.instanceId) current.set(c.projectId, c);
      const signs = (c: (typeof cycles)[number], type: 'SIGN_BASELINE' | 'SIGN_REVIEW') =>
        may(c.projectId, 'e3.view') && e3CycleWorkflow.mayNot(c.context, type, { id: me, roles: rolesOn(c.projectId) }) === null;
      const mine = [...current.values()];
      return {
        /** Baselines configured and not signed, naming this person as the cycle's sponsor. */
        baselinesToSign: mine
          .filter((c) => c.state === 'establishing' && c.context.config && signs(c, 'SIGN_BASELINE'))
          .map((c) => ({ projectId: c.projectId, project: projectName.get(c.projectId) ?? '', instanceId: c.instanceId })),
        /** Reviews in progress, naming this person as the cycle's sponsor, not signed yet. */
        reviewsToSign: mine
          .filter((c) => c.state === 'evaluating' && latestReview(c.context) && !latestReview(c.context)?.signature && signs(c, 'SIGN_REVIEW'))
          .map((c) => ({
            projectId: c.projectId,
            project: projectName.get(c.projectId) ?? '',
            number: latestReview(c.context)?.number ?? 0,
            instanceId: c.instanceId,
          })),
      };
    })(),
    selections: (() => {
      const open = selectionsInState(conn, projectIds, ['scoring', 'review']).map((x) => ({ ...x, context: contextOf(platformSelectionWorkflow, x.instance) }));
      const item = (x: (typeof open)[number]) => ({
        id: x.id,
        projectId: x.projectId,
        project: projectName.get(x.projectId) ?? '',
        key: x.key,
        title: x.title,
        instanceId: x.instance.id,
      });
      return {
        /** Score sheets this named evaluator owes in the current round. */
        toScore: open
          .filter((x) => String(x.instance.stateValue) === 'scoring' && may(x.projectId, 'selection.score'))
          .filter((x) => platformSelectionWorkflow.mayNot(x.context, 'SUBMIT', { id: me, roles: rolesOn(x.projectId) }) === null)
          .map(item),
        /** Selections in review whose decision this person signs as their sponsor. */
        toDecide: open
          .filter((x) => String(x.instance.stateValue) === 'review' && may(x.projectId, 'selection.view'))
          .filter((x) => platformSelectionWorkflow.mayNot(x.context, 'DECIDE', { id: me, roles: rolesOn(x.projectId) }) === null)
          .map(item),
      };
    })(),
    recovery: {
      /** Corrective plans presented to this person as the recovery's sponsor, saved and not accepted yet. */
      toAccept: projectInstancesInState(conn, recoveryWorkflow.id, projectIds, ['presented'])
        .map((r) => ({ projectId: r.projectId ?? 0, instance: r.instance, context: contextOf(recoveryWorkflow, r.instance) }))
        .filter((r) => r.context.plan && may(r.projectId, 'recovery.accept'))
        .filter((r) => recoveryWorkflow.mayNot(r.context, 'ACCEPT', { id: me, roles: rolesOn(r.projectId) }) === null)
        .map((r) => ({
          projectId: r.projectId,
          project: projectName.get(r.projectId) ?? '',
          revision: r.context.plan?.revision ?? 0,
          instanceId: r.instance.id,
        })),
    },
    requirements: {
      /** Versions in review naming this person as a signer who has not signed yet. */
      toSign: requirements
        .filter((r) => r.state === 'inReview' && may(r.projectId, 'requirement.sign'))
        .filter((r) => r.context.signers.includes(me) && !r.context.signatures.some((s) => s.userId === me))
        .map(requirement),
      /** This author's drafts that a signer sent back with a change request. */
      sentBack: requirements
        .filter((r) => r.state === 'draft' && r.authorId === me && r.context.changeRequest && may(r.projectId, 'requirement.write'))
        .map((r) => ({ ...requirement(r), comment: r.context.changeRequest?.comment ?? '' })),
    },
    plans: {
      /**
       * Versions in approval whose current group names this stakeholder, who has not signed: only when
       * their group's turn has come (the machine's own who-may check says so).
       */
      toSign: planVersions
        .filter((v) => v.state === 'inApproval' && may(v.projectId, 'plan.sign'))
        .filter((v) => planMayNot(v.context, 'SIGN', { actor: { id: me, roles: rolesOn(v.projectId) } }) === null)
        .map((v) => ({
          ...planVersion(v),
          group: v.context.group + 1,
          instanceId: v.instance.id,
          /** When this group's turn came: the submission, or the last signature of the group before. */
          turnSince: turnSince(v.context),
          meaning: v.context.route[v.context.group]?.approvers.find((a) => a.userId === me)?.meaning ?? '',
        })),
      /** Drafts an approver rejected, for the people who authored or edited them. */
      rejected: planVersions
        .filter((v) => v.state === 'draft' && v.context.rejection && v.context.editors.includes(me) && may(v.projectId, 'plan.write'))
        .map((v) => ({ ...planVersion(v), reason: v.context.rejection?.reason ?? '' })),
    },
    vendors: {
      /** For a vendor representative: their firm's deliverables to submit (in progress) or resubmit (rejected). */
      toSubmit: vendorDeliverables
        .filter((d) => (d.state === 'inProgress' || d.state === 'rejected') && d.firmId === actor.vendorFirmId && may(d.projectId, 'vendor.deliver'))
        .map(deliverable),
      /** For a vendor representative: defects assigned to their firm's people, not yet fixed. */
      defectsToFix:
        actor.vendorFirmId === null
          ? []
          : defectsAssignedToFirm(conn, projectIds, actor.vendorFirmId)
              .filter((d) => (d.state === 'open' || d.state === 'inProgress') && may(d.projectId, 'vendor.deliver'))
              .map(({ id, projectId, key, title, severity, state }) => ({ id, projectId, key, title, severity, state })),
      /** For a client reviewer: submissions naming them as reviewer, waiting for review or a decision. */
      toReview: vendorDeliverables
        .filter((d) => (d.state === 'submitted' || d.state === 'inReview') && d.reviewerId === me && may(d.projectId, 'vendor.review'))
        .map(deliverable),
      /** For the PM: payment milestones whose deliverables are all accepted or waived, not yet released. */
      releasable: milestones
        .filter((m) => m.releasable)
        .map((m) => ({
          id: m.id,
          contractId: m.contractId,
          projectId: contractProject.get(m.contractId) ?? 0,
          name: m.name,
          amount: m.amount,
          currency: contractCurrency.get(m.contractId) ?? '',
        })),
    },
    testing: {
      /** Cases assigned to this person that have no current passing result. */
      assigned: casesAssignedTo(conn, me, projectIds, ['notRun', 'failed', 'blocked']).filter((c) => may(c.projectId, 'test.run')),
      /**
       * Defects to work on: open or in progress, for the project's analysts (who own the configuration;
       * the PM may fix too but is not waited on); fixed, for its testers other than the one who fixed it.
       */
      openDefects: defects
        .filter((d) =>
          d.state === 'fixed' ? holds(d.projectId, 'tester') && contextOf(defectWorkflow, d.instance).fixedBy !== me : holds(d.projectId, 'analyst'),
        )
        .map(({ id, projectId, key, title, state }) => ({ id, projectId, key, title, state })),
      /** Variance reports in review naming this person as a signer who has not signed yet. */
      reports: reports
        .filter((r) => may(r.projectId, 'requirement.sign'))
        .filter((r) => r.context.signers.includes(me) && !r.context.signatures.some((s) => s.userId === me))
        .map(({ id, projectId, name, state, instance }) => ({ id, projectId, name, state, instanceId: instance.id })),
    },
  };
}

export type MyWork = ReturnType<typeof myWork>;
