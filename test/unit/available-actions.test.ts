import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, initialTransition, transition } from 'xstate';
import { gateActionsFor } from '~/workflows/gates/view';
import { defectPayloadProblem, defectRules, defectWorkflow } from '~/workflows/machines/defect';
import { type GateEvent, gatePayloadProblem, gateRules, phaseGate } from '~/workflows/machines/phase-gate';
import { requirementSignoff, signoffPayloadProblem, signoffRules } from '~/workflows/machines/requirement-signoff';
import type { Actor } from '~/workflows/policy/roles';
import { requirementActionsFor } from '~/workflows/requirements/view';
import { allows, availableEvents, contextOf, type MachineDefinition, restore } from '~/workflows/runtime';
import { defectActionsFor } from '~/workflows/testing/defect-view';

/**
 * A page offers the actions the machine's current state has transitions for and that the who-may
 * check and the policy allow; it never probes with a made-up payload. So a stricter payload rule (a
 * longer minimum reason) leaves the button where it was, and the real event is still refused.
 */
const person = (id: number): Actor => ({ id, name: `person ${id}`, isAdmin: false, vendorFirmId: null });
const pm = { id: 1, roles: ['pm' as const] };
const stakeholder = { id: 2, roles: ['stakeholder' as const] };
const at = '2026-03-02T09:00:00.000Z';

/** Runs events from the initial state and returns the instance row the database would hold. */
function instance<M extends AnyStateMachine>(def: MachineDefinition<M>, input: unknown, ...events: EventFromLogic<M>[]) {
  let snapshot: AnyMachineSnapshot = initialTransition(def.machine, input as never)[0];
  for (const event of events) {
    expect(snapshot.can(event), `${event.type} from ${JSON.stringify(snapshot.value)}`).toBe(true);
    snapshot = transition(def.machine, snapshot as never, event)[0];
  }
  return { id: 1, machineId: def.id, machineVersion: def.version, stateValue: snapshot.value as unknown, context: snapshot.context as unknown };
}

describe('available actions come from the machine, not from probe payloads', () => {
  const gateInput = { phaseName: 'Launch', projectName: 'Northwind', criteria: [{ key: 'uat', label: 'UAT passed' }] };
  const inReview = instance(
    phaseGate,
    gateInput,
    { type: 'START', actor: pm, at },
    { type: 'REQUEST_REVIEW', actor: pm, at, checklist: [{ key: 'uat', checked: true, note: '' }], approvers: [2] },
  );
  // The same machine with a far longer minimum reason for sending a phase back.
  const strictGate = {
    ...phaseGate,
    machine: phaseGate.machine.provide({
      guards: { payloadValid: ({ context, event }) => gatePayloadProblem(context, event, { ...gateRules, minReasonLength: 200 }) === null },
    }),
  };

  it('the gate page still offers "send back" when the reason must be longer, and the short reason is still refused', () => {
    expect(gateActionsFor(inReview, person(2), ['stakeholder'], [], strictGate)).toEqual({ requestReview: false, approve: true, reject: true });
    const reject: GateEvent = { type: 'REJECT', actor: stakeholder, at, reason: 'UAT evidence is missing.' };
    expect(allows(restore(strictGate, inReview), reject)).toBe(false);
    expect(allows(restore(phaseGate, inReview), reject)).toBe(true);
    // The real machine refuses a too-short reason with the same words as before.
    const tooShort: GateEvent = { ...reject, reason: 'no' };
    expect(allows(restore(phaseGate, inReview), tooShort)).toBe(false);
    expect(phaseGate.refusal('inReview', contextOf(phaseGate, inReview), tooShort)).toBe('Give the reason for sending the phase back.');
  });

  it('who may still decides: the requester, someone not named, and a role without the permission see no decision', () => {
    expect(gateActionsFor(inReview, person(1), ['pm'], [])).toEqual({ requestReview: false, approve: false, reject: false });
    expect(gateActionsFor(inReview, person(3), ['stakeholder'], [])).toEqual({ requestReview: false, approve: false, reject: false });
    // Named, but no longer a stakeholder on the project: the policy says no.
    expect(gateActionsFor(inReview, person(2), ['viewer'], [])).toEqual({ requestReview: false, approve: false, reject: false });
    // Approval waits for the computed criteria; sending back does not.
    expect(gateActionsFor(inReview, person(2), ['stakeholder'], ['No open severity-1 defect'])).toEqual({ requestReview: false, approve: false, reject: true });
    const active = instance(phaseGate, gateInput, { type: 'START', actor: pm, at });
    expect(gateActionsFor(active, person(1), ['pm'], [])).toMatchObject({ requestReview: true });
    expect(gateActionsFor(active, person(1), ['pm'], ['Parallel-run variance report signed off'])).toMatchObject({ requestReview: false });
  });

  it('the requirement page still offers "request changes" when the comment must be longer', () => {
    const fingerprint = 'a'.repeat(64);
    const review = instance(
      requirementSignoff,
      { authorId: 1, fingerprint },
      { type: 'SUBMIT', actor: { id: 1, roles: ['analyst'] }, at, signers: [2], fingerprint },
    );
    const strict = {
      ...requirementSignoff,
      machine: requirementSignoff.machine.provide({
        guards: { payloadValid: ({ context, event }) => signoffPayloadProblem(context, event, { ...signoffRules, minCommentLength: 200 }) === null },
      }),
    };
    expect(requirementActionsFor(review, person(2), ['stakeholder'], strict)).toMatchObject({ sign: true, requestChanges: true });
    const comment = { type: 'REQUEST_CHANGES', actor: stakeholder, at, comment: 'Add the cap example.' } as const;
    expect(allows(restore(strict, review), comment)).toBe(false);
    expect(allows(restore(requirementSignoff, review), comment)).toBe(true);
    expect(requirementSignoff.refusal('inReview', contextOf(requirementSignoff, review), { ...comment, comment: 'no' })).toBe(
      'Say what should change (at least 5 characters).',
    );
    // The author sees withdraw, not sign.
    expect(requirementActionsFor(review, person(1), ['analyst'], strict)).toMatchObject({ sign: false, requestChanges: false, withdraw: true });
  });

  it('the defect page still offers "reopen" when the reason must be longer', () => {
    const fixed = instance(defectWorkflow, undefined, { type: 'FIX', actor: { id: 5, roles: ['analyst'] }, note: 'cap added' });
    const strict = {
      ...defectWorkflow,
      machine: defectWorkflow.machine.provide({
        guards: { payloadValid: ({ event }) => defectPayloadProblem(event, { ...defectRules, minReopenReasonLength: 200 }) === null },
      }),
    };
    expect(defectActionsFor(fixed, person(6), ['tester'], strict)).toEqual(['VERIFY', 'REOPEN']);
    // The fixer does not verify, whatever roles they hold.
    expect(defectActionsFor(fixed, person(5), ['analyst', 'tester'], strict)).toEqual(['REOPEN']);
    const reopen = { type: 'REOPEN', actor: { id: 6, roles: ['tester' as const] }, reason: 'Still pays 9,000.00' } as const;
    expect(allows(restore(strict, fixed), reopen)).toBe(false);
    expect(allows(restore(defectWorkflow, fixed), reopen)).toBe(true);
  });

  it('lists only events the current state has transitions for', () => {
    const approved = instance(
      phaseGate,
      gateInput,
      { type: 'START', actor: pm, at },
      { type: 'REQUEST_REVIEW', actor: pm, at, checklist: [{ key: 'uat', checked: true, note: '' }], approvers: [2] },
      { type: 'APPROVE', actor: stakeholder, at, meaning: 'I approve the Launch gate for Northwind' },
    );
    expect(approved.stateValue).toBe('approved');
    expect([...availableEvents(phaseGate, approved, { actor: stakeholder })]).toEqual([]);
    expect([...availableEvents(phaseGate, inReview, { actor: stakeholder })]).toEqual(['APPROVE', 'REJECT']);
  });
});
