import type { DB } from '~/db/client';
import type { ApprovalGroup } from '~/db/schema';
import { publishPlanVersion } from '~/workflows/commands/publish-plan-version';
import { signPlanVersion } from '~/workflows/commands/sign-plan-version';
import { submitPlanVersion } from '~/workflows/commands/submit-plan-version';
import { validatePlanVersion } from '~/workflows/commands/validate-plan-version';
import type { SignatureMeaning } from '~/workflows/machines/requirement-signoff';
import { planSignatureBasis } from '~/workflows/plans/load';
import type { Actor } from '~/workflows/policy/roles';

type Ctx = (actor: Actor, day: string) => { db: DB; actor: Actor; now: Date };
type Version = { projectId: number; planId: number; number: number };

/**
 * Takes a plan version through the same commands people use: validated and submitted by `author`,
 * signed by every approver of `route` group by group (they re-enter `password`), published by `pm`
 * from `effectiveFrom`. Seeds and tests use it; `signUntil` stops after that many signatures.
 */
export async function approveThroughRoute(
  db: DB,
  as: Ctx,
  opts: {
    version: Version;
    author: Actor;
    pm: Actor;
    route: ApprovalGroup[];
    people: (userId: number) => Actor;
    password: string;
    days: { validate: string; submit: string; sign: string; publish?: string };
    effectiveFrom?: string;
    signUntil?: number;
  },
) {
  const { version } = opts;
  validatePlanVersion(as(opts.author, opts.days.validate), version);
  submitPlanVersion(as(opts.author, opts.days.submit), { ...version, fingerprint: planSignatureBasis(db, version.planId, version.number).fingerprint });
  let signed = 0;
  for (const group of opts.route)
    for (const approver of group.approvers) {
      if (opts.signUntil !== undefined && signed >= opts.signUntil) return;
      await signPlanVersion(as(opts.people(approver.userId), opts.days.sign), {
        ...version,
        password: opts.password,
        meaning: approver.meaning as SignatureMeaning,
        ...planSignatureBasis(db, version.planId, version.number),
      });
      signed++;
    }
  if (opts.days.publish && opts.effectiveFrom) publishPlanVersion(as(opts.pm, opts.days.publish), { ...version, effectiveFrom: opts.effectiveFrom });
}
