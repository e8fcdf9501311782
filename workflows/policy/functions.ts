import type { StakeholderFunction } from '~/db/schema';
import { type SignatureMeaning, signatureMeanings } from '../machines/requirement-signoff';

/**
 * A person's function on a project (what they do for the client: business owner, finance, legal ...)
 * and the signature meanings it lets them state. The one definition: the sign forms offer
 * `meaningsFor(function)` and the sign commands refuse anything else with `meaningRefusal`.
 * docs/decisions/0010-stakeholder-functions.md.
 */
export const functionLabels: Record<StakeholderFunction, string> = {
  business_owner: 'Business owner',
  finance: 'Finance',
  legal: 'Legal',
  sales_operations: 'Sales operations',
  compensation: 'Incentive compensation',
  hr: 'HR',
  it: 'IT',
  project_delivery: 'Project delivery',
  other: 'Other',
};

/** The function as it reads inside a sentence ("sales operations", "IT"). */
export const functionInSentence = (fn: StakeholderFunction) => {
  const label = functionLabels[fn];
  return /^[A-Z]{2}/.test(label) ? label : label.toLowerCase();
};

/**
 * The function a meaning requires, or null when anyone may state it. Every meaning is listed, so a new
 * meaning cannot be added without deciding who may sign with it.
 */
const requiredFunction: Record<SignatureMeaning, StakeholderFunction | null> = {
  'approved as business owner': 'business_owner',
  'approved as finance': 'finance',
  'approved as legal': 'legal',
  // Sales operations signs that a plan version was validated against the field's data (docs/decisions/0011-plan-approval.md).
  'approved as sales operations': 'sales_operations',
  'reviewed, no objection': null,
};

/** The meanings a person with this function (null: none on this project) may sign with, in the order forms list them. */
export function meaningsFor(fn: StakeholderFunction | null): SignatureMeaning[] {
  return signatureMeanings.filter((m) => requiredFunction[m] === null || requiredFunction[m] === fn);
}

/** Why a person with this function may not sign with this meaning, or null when they may. */
export function meaningRefusal(fn: StakeholderFunction | null, meaning: SignatureMeaning): string | null {
  if (meaningsFor(fn).includes(meaning)) return null;
  return fn === null
    ? `You have no function on this project, so you cannot sign '${meaning}'.`
    : `Your function on this project (${functionInSentence(fn)}) does not allow signing '${meaning}'.`;
}
