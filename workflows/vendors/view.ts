import type { Conn } from '~/db/client';
import { instanceHistory, projectMemberList } from '~/db/queries/projects';
import { vendorAssignedDefects } from '~/db/queries/vendor-work';
import { contractList, criterionChoices, deliverableCommentList, deliverableList, submissionList, userNames, vendorFirmList } from '~/db/queries/vendors';
import { type DefectState, defectStateLabels } from '../machines/defect';
import { type DeliverableEvent, type DeliverableState, deliverableStateLabels, deliverableWorkflow } from '../machines/deliverable';
import { functionOf } from '../members/functions';
import { functionInSentence, meaningsFor } from '../policy/functions';
import { type Actor, mayOnProject } from '../policy/roles';
import { raidItemsLinkedTo } from '../raid/view';
import { availableEvents } from '../runtime';
import { loadContractFor, loadDeliverableFor, mayCommentOnDeliverable, requireVendorAccess, seesFirm } from './access';
import { commitmentStandings } from './commitments';
import { acceptanceWarnings, criteriaOf, evidenceFingerprint, isOverdue } from './criteria';
import { milestoneStandings } from './payments';

/** What the vendor pages show, for this person: a vendor representative sees only their firm's. */

const deliverableEventsDone: Record<DeliverableEvent['type'], string> = {
  START: 'started it',
  SUBMIT: 'submitted it',
  REVIEW: 'took it into review',
  ACCEPT: 'accepted it with a signature',
  REJECT: 'rejected it',
  WAIVE: 'waived it',
};

export const deliverableStateLabel = (s: string) => deliverableStateLabels[s as DeliverableState] ?? s;

function gridOf(rows: ReturnType<typeof deliverableList>, today: string) {
  return rows.map((d) => {
    const state = String(d.state);
    return { ...d, state, stateLabel: deliverableStateLabel(state), overdue: isOverdue(state, d.dueDate, today) };
  });
}

/** People a PM may name on a new deliverable: owners of the contract's firm, client reviewers. */
function peopleFor(conn: Conn, projectId: number) {
  const members = projectMemberList(conn, projectId);
  const unique = (rows: typeof members) => [...new Map(rows.map((m) => [m.userId, { id: m.userId, name: m.name, firm: m.vendorFirm }])).values()];
  return {
    owners: unique(members.filter((m) => m.role === 'vendor' && m.vendorFirm)),
    reviewers: unique(members.filter((m) => !m.vendorFirm && ['pm', 'stakeholder', 'analyst', 'tester'].includes(m.role))),
  };
}

export function vendorsPage(conn: Conn, actor: Actor, projectId: number, today: string) {
  const { project, roles, firmScope } = requireVendorAccess(conn, actor, projectId, 'vendor.view');
  const contracts = contractList(conn, projectId, firmScope);
  const milestones = milestoneStandings(
    conn,
    contracts.map((c) => c.id),
  );
  const manage = mayOnProject(actor, roles, 'vendor.manage');
  return {
    project: { id: project.id, name: project.name },
    firmScope,
    contracts: contracts.map((c) => ({ ...c, milestones: milestones.filter((m) => m.contractId === c.id) })),
    deliverables: gridOf(deliverableList(conn, projectId, firmScope), today),
    commitments: commitmentStandings(conn, projectId, today, firmScope),
    /** Defects assigned to a vendor firm's people (the firm's own, for its representatives). */
    defects: vendorAssignedDefects(conn, projectId)
      .filter((d) => seesFirm(firmScope, d.firmId))
      .map((d) => ({ ...d, stateLabel: defectStateLabels[d.state as DefectState] ?? d.state })),
    manage,
    firms: manage ? vendorFirmList(conn) : [],
  };
}

export function contractPage(conn: Conn, actor: Actor, ref: { projectId: number; contractId: number }, today: string) {
  const { project, roles, firmScope, contract, firm } = loadContractFor(conn, actor, ref, 'vendor.view');
  const manage = mayOnProject(actor, roles, 'vendor.manage');
  return {
    project: { id: project.id, name: project.name },
    contract: { ...contract, firm: firm.name },
    milestones: milestoneStandings(conn, [contract.id]),
    deliverables: gridOf(deliverableList(conn, project.id, firmScope, contract.id), today),
    manage,
    choices: manage ? { ...criterionChoices(conn, project.id), ...peopleFor(conn, project.id) } : null,
  };
}

export function deliverablePage(conn: Conn, actor: Actor, ref: { projectId: number; deliverableId: number }, today: string) {
  const loaded = loadDeliverableFor(conn, actor, ref, 'vendor.view');
  const { deliverable: d, contract, instance, context, state, project, party } = loaded;
  const criteria = criteriaOf(conn, d);
  const submissions = submissionList(conn, d.id);
  const accepted = submissions.find((s) => s.s.outcome === 'accepted');
  const events = availableEvents(deliverableWorkflow, instance, { actor: party });
  const names = userNames(conn, [d.ownerId, d.reviewerId]);
  const fn = events.has('ACCEPT') ? functionOf(conn, project.id, actor.id) : null;
  return {
    project: { id: project.id, name: project.name },
    deliverable: { ...d, state, stateLabel: deliverableStateLabel(state), overdue: isOverdue(state, d.dueDate, today) },
    contract: { id: contract.id, reference: contract.reference, title: contract.title },
    owner: names.get(d.ownerId) ?? '',
    reviewer: names.get(d.reviewerId) ?? '',
    criteria,
    submissions: submissions.map((s) => ({ ...s.s, by: s.by, decidedByName: s.decidedByName })),
    /** Evidence the acceptance stood on that no longer holds: shown, never rewriting the acceptance. */
    warnings: accepted?.s.criteria ? acceptanceWarnings(accepted.s.criteria, criteria) : [],
    waiver: context.waiver,
    comments: deliverableCommentList(conn, d.id),
    /** The RAID items linking to it, as this person may read them. */
    raidItems: raidItemsLinkedTo(conn, actor, loaded.roles, 'deliverable', d.id),
    mayComment: mayCommentOnDeliverable(actor, loaded.roles),
    events: [...events],
    /** What the accept form names: the submission in review and the evidence shown. */
    fingerprint: events.has('ACCEPT') ? evidenceFingerprint(context.submissions, criteria) : null,
    meanings: events.has('ACCEPT') ? meaningsFor(fn) : [],
    yourFunction: fn ? functionInSentence(fn) : null,
    history: instanceHistory(conn, instance.id).map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor,
      type: e.type,
      /** What happened, as a sentence ("submitted it"), not the event's code. */
      did: deliverableEventsDone[e.type as DeliverableEvent['type']] ?? e.type,
      from: deliverableStateLabel(e.fromState),
      to: deliverableStateLabel(e.toState),
    })),
  };
}
