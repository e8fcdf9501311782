import { eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { requirements, requirementVersions } from '~/db/schema';
import { commentOnRequirement } from '~/workflows/commands/comment-on-requirement';
import { createRequirement } from '~/workflows/commands/create-requirement';
import { editRequirement } from '~/workflows/commands/edit-requirement';
import { linkRequirements } from '~/workflows/commands/link-requirements';
import { requestRequirementChanges } from '~/workflows/commands/request-requirement-changes';
import { retireRequirement } from '~/workflows/commands/retire-requirement';
import { signRequirement } from '~/workflows/commands/sign-requirement';
import { submitRequirement } from '~/workflows/commands/submit-requirement';
import { takeBaseline } from '~/workflows/commands/take-baseline';
import type { Actor } from '~/workflows/policy/roles';
import { requirementSignatureBasis } from '~/workflows/requirements/load';
import { northwindRequirements, type SeedRequirement } from './requirements';

type People = { analyst: Actor; stakeholder: Actor; finance: Actor; pm: Actor };
const at = (day: string) => new Date(`${day}T11:00:00Z`);

function contentOf(r: SeedRequirement, ownerId: number, description = r.description) {
  return {
    title: r.title,
    description,
    category: r.category,
    priority: r.priority,
    ownerId,
    phaseKey: r.phase,
    acceptanceCriteria: r.criteria,
    examples: r.examples ?? [],
  };
}

/**
 * Northwind's register, replayed through the commands in date order: written in June, signed before
 * the Scope gate (every must-have), some revised in August, some sent back or still in review now.
 */
export function northwindRegister(db: DB, projectId: number, people: People, password: string) {
  const as = (actor: Actor, day: string) => ({ db, actor, now: at(day) });
  const signersOf = (r: SeedRequirement) =>
    r.category === 'plan design' || r.category === 'payments' ? [people.stakeholder, people.finance] : [people.stakeholder];
  const ownerOf = (r: SeedRequirement) => (r.category === 'payments' ? people.finance : people.stakeholder);
  const fingerprint = (id: number) => {
    const req = db.select().from(requirements).where(eq(requirements.id, id)).get()!;
    return db.select().from(requirementVersions).where(eq(requirementVersions.id, req.currentVersionId!)).get()!.fingerprint;
  };
  const meaningOf = (who: Actor) => (who.id === people.finance.id ? 'approved as finance' : 'approved as business owner');
  const signAll = async (id: number, r: SeedRequirement, day: string) => {
    for (const signer of signersOf(r))
      await signRequirement(as(signer, day), { requirementId: id, password, meaning: meaningOf(signer), ...requirementSignatureBasis(db, id) });
  };
  const submit = (id: number, r: SeedRequirement, day: string) =>
    submitRequirement(as(people.analyst, day), { requirementId: id, signerIds: signersOf(r).map((s) => s.id), fingerprint: fingerprint(id) });

  const ids = northwindRequirements.map((r, i) => {
    const day = `2026-06-${String(8 + (i % 10)).padStart(2, '0')}`;
    return createRequirement(as(people.analyst, day), { projectId, ...contentOf(r, ownerOf(r).id) }).requirement.id;
  });
  northwindRequirements.forEach((r, i) => {
    for (const target of r.links ?? [])
      linkRequirements(as(people.analyst, '2026-06-19'), { requirementId: ids[i]!, otherKey: `REQ-${String(target).padStart(3, '0')}` });
  });
  commentOnRequirement(as(people.stakeholder, '2026-06-19'), {
    requirementId: ids[0]!,
    body: 'Please confirm with finance that the 50% threshold matches last year’s plan.',
  });
  commentOnRequirement(as(people.analyst, '2026-06-20'), {
    requirementId: ids[0]!,
    body: 'Confirmed with Fiona: the threshold is unchanged from FY2025.',
  });

  const early = (f: SeedRequirement['fate']) => f === 'signed' || f === 'v2' || f === 'v2signed';
  return {
    /** June to early July: everything agreed before the Scope gate is signed. */
    async beforeScopeGate() {
      northwindRequirements.forEach((r, i) => {
        if (early(r.fate)) submit(ids[i]!, r, '2026-06-22');
      });
      for (const [i, r] of northwindRequirements.entries()) if (early(r.fate)) await signAll(ids[i]!, r, '2026-06-30');
    },
    /** After the Scope gate: the baseline, revisions in August, retirements. */
    async beforeArchitectGate() {
      takeBaseline(as(people.pm, '2026-07-15'), { projectId, name: 'Scope gate sign-off' });
      for (const [i, r] of northwindRequirements.entries()) {
        if (r.fate === 'v2' || r.fate === 'v2signed')
          editRequirement(as(people.analyst, '2026-08-10'), {
            projectId,
            requirementId: ids[i]!,
            baseFingerprint: fingerprint(ids[i]!),
            ...contentOf(r, ownerOf(r).id, r.description + (r.change ?? '')),
          });
        if (r.fate === 'v2signed') {
          submit(ids[i]!, r, '2026-08-12');
          await signAll(ids[i]!, r, '2026-08-20');
        }
        if (r.fate === 'retired') retireRequirement(as(people.analyst, '2026-09-01'), { requirementId: ids[i]! });
      }
    },
    /** The autumn: change requests and reviews still open today. */
    async afterArchitectGate() {
      for (const [i, r] of northwindRequirements.entries()) {
        if (r.fate === 'changes') {
          submit(ids[i]!, r, '2026-10-01');
          requestRequirementChanges(as(people.stakeholder, '2026-10-05'), {
            requirementId: ids[i]!,
            comment: 'Say who answers a dispute and what happens after ten working days.',
          });
        }
        if (r.fate === 'review') {
          submit(ids[i]!, r, '2026-11-16');
          // Where finance co-signs, finance has signed already; the business owner's signature is awaited.
          if (signersOf(r).length > 1)
            await signRequirement(as(people.finance, '2026-11-18'), {
              requirementId: ids[i]!,
              password,
              meaning: 'approved as finance',
              ...requirementSignatureBasis(db, ids[i]!),
            });
        }
      }
    },
  };
}
