import { z } from 'zod';
import { defineCommand } from '../command';
import { id, list } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';
import { applySignoffEvent, loadRequirementFor, requireStakeholders } from '../requirements/load';

export const submitRequirementInput = z.object({
  requirementId: id(),
  signerIds: list(id('Choose signers from the list.')).pipe(z.array(z.number()).min(1, 'Choose at least one signer.').max(50)),
  /** The fingerprint the author was looking at: if the content moved since, nothing is submitted. */
  fingerprint: z.string().min(1, 'Reload the page and try again.').max(100),
});

/** The author sends a draft to named stakeholders for sign-off. */
export const submitRequirement = defineCommand({
  input: submitRequirementInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadRequirementFor(tx, actor, data.requirementId, 'requirement.write');
    requireStakeholders(tx, loaded.requirement.projectId, data.signerIds);
    const applied = applySignoffEvent(tx, loaded, {
      event: { type: 'SUBMIT', actor: { id: actor.id, roles: loaded.roles }, at: at.toISOString(), signers: data.signerIds, fingerprint: data.fingerprint },
      actor,
      at,
      action: 'requirement.submitted',
      detail: `${loaded.requirement.key} v${loaded.version.number} submitted for sign-off.`,
    });
    notify(tx, {
      userIds: data.signerIds,
      projectId: loaded.requirement.projectId,
      kind: 'signature.requested',
      title: `Sign ${loaded.requirement.key} v${loaded.version.number}: ${loaded.version.title}`,
      body: `${actor.name} asks you to sign off requirement ${loaded.requirement.key} version ${loaded.version.number} on ${loaded.project.name}.`,
      link: itemLinks.requirement(loaded.requirement.projectId, loaded.requirement.id),
      at,
    });
    return applied;
  },
});
