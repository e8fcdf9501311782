import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requirementCategories, requirementPriorities, type WorkedExample } from '~/db/schema';
import { id, json, list } from '../input';

const money = z
  .string()
  .trim()
  .regex(/^-?\d{1,12}(\.\d{1,2})?$/, 'Enter an amount like 1250.00 (at most 2 decimals).');

export const workedExampleSchema = z.object({
  name: z.string().trim().min(1, 'Name the example.').max(200),
  inputs: z
    .array(z.object({ label: z.string().trim().min(1, 'Name the input.').max(200), value: z.string().trim().min(1, 'Give the value.').max(500) }))
    .min(1, 'Give at least one input (an attribute, a transaction or an attainment).'),
  expected: z
    .array(z.object({ component: z.string().trim().min(1, 'Name the component.').max(200), amount: money }))
    .min(1, 'Give the expected payout of at least one component.'),
});

/** The signed content of a requirement version (its fingerprint covers exactly these fields). */
export const requirementContentSchema = z.object({
  title: z.string().trim().min(5, 'Give a title of at least 5 characters.').max(200),
  description: z.string().trim().min(1, 'Describe the requirement.').max(20_000),
  category: z.enum(requirementCategories, 'Choose a category.'),
  priority: z.enum(requirementPriorities, 'Choose a priority.'),
  ownerId: id('Choose the owner stakeholder.'),
  phaseKey: z.string().min(1, 'Choose the phase.'),
  acceptanceCriteria: list(z.string().trim().min(1).max(2000)).pipe(z.array(z.string()).min(1, 'Give at least one acceptance criterion.').max(100)),
  examples: json(z.array(workedExampleSchema, 'The worked examples could not be read.').max(20)).default([]),
});
export type RequirementContent = z.infer<typeof requirementContentSchema>;

/** sha256 over a canonical rendering of the content, so equal content always has the same fingerprint. */
export function fingerprintOf(c: RequirementContent): string {
  const canonical = JSON.stringify([
    c.title,
    c.description,
    c.category,
    c.priority,
    c.ownerId,
    c.phaseKey,
    c.acceptanceCriteria,
    c.examples.map((e: WorkedExample) => [e.name, e.inputs.map((i) => [i.label, i.value]), e.expected.map((x) => [x.component, x.amount])]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export const requirementKey = (n: number) => `REQ-${String(n).padStart(3, '0')}`;
export const keyPattern = /^REQ-\d{3,}$/;
