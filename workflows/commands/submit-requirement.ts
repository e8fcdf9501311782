import { z } from 'zod';
import { nowOf } from '../clock';
import { invalid } from '../errors';
import { applySignoffEvent, loadRequirementFor, requireStakeholders } from '../requirements/load';
import { type CommandContext, immediate } from './context';
import { fieldErrorsOf } from './create-user';

export const submitRequirementInput = z.object({
  requirementId: z.coerce.number().int().positive(),
  signerIds: z.array(z.coerce.number().int().positive()).min(1, 'Choose at least one signer.'),
  /** The fingerprint the author was looking at: if the content moved since, nothing is submitted. */
  fingerprint: z.string().min(1),
});

/** The author sends a draft to named stakeholders for sign-off. */
export function submitRequirement(ctx: CommandContext, input: z.input<typeof submitRequirementInput>) {
  const parsed = submitRequirementInput.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const at = nowOf(ctx.now);
  return ctx.db.transaction((tx) => {
    const loaded = loadRequirementFor(tx, ctx.actor, data.requirementId, 'requirement.write');
    requireStakeholders(tx, loaded.requirement.projectId, data.signerIds);
    return applySignoffEvent(tx, loaded, {
      event: { type: 'SUBMIT', actor: { id: ctx.actor.id, roles: loaded.roles }, at: at.toISOString(), signers: data.signerIds, fingerprint: data.fingerprint },
      actor: ctx.actor,
      at,
      action: 'requirement.submitted',
      detail: `${loaded.requirement.key} v${loaded.version.number} submitted for sign-off.`,
    });
  }, immediate);
}
