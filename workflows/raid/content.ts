import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Conn } from '~/db/client';
import { contracts, projectMembers, raidItems, users } from '~/db/schema';
import type { FieldErrors } from '../errors';

export { raidTypeLabels } from './labels';

import { id, optionalId, severity, text } from '../input';

/**
 * What a RAID item says, per type: the fields every item has, and those its type needs. A form posts
 * every field of the page; the schema of the chosen type keeps its own and drops the others, so a page
 * without JavaScript (which shows every field) still logs exactly what the type holds.
 */
const oneToFive = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number(`Give the ${what}, 1 (low) to 5 (high).`)
      .int(`Give the ${what}, 1 (low) to 5 (high).`)
      .min(1, `Give the ${what}, 1 (low) to 5 (high).`)
      .max(5, `Give the ${what}, 1 (low) to 5 (high).`),
  );
const day = (message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string(message)
      .regex(/^\d{4}-\d{2}-\d{2}$/, message)
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), message),
  );
const requiredOwner = id('Choose who owns it.');

const common = {
  title: text({ max: 200, min: 3, message: 'Give it a title (at least 3 characters).' }),
  description: text({ max: 5000 }).default(''),
  /** A vendor firm of the project whose representatives may read it; empty: the client side only. */
  sharedWithFirmId: optionalId('Choose a vendor firm of this project, or nobody.'),
};

export const raidContentSchema = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal('risk'),
    probability: oneToFive('probability'),
    impact: oneToFive('impact'),
    mitigation: text({ max: 5000 }).default(''),
    ownerId: requiredOwner,
    nextReviewDate: day('Give the next review date as YYYY-MM-DD.'),
  }),
  z.object({
    ...common,
    type: z.literal('assumption'),
    ownerId: optionalId('Choose a member of the project, or nobody.'),
    validateBy: day('Give the date to validate it by, as YYYY-MM-DD.'),
  }),
  z.object({
    ...common,
    type: z.literal('issue'),
    severity: severity(),
    ownerId: requiredOwner,
    dueDate: day('Give the due date as YYYY-MM-DD.'),
    resolution: text({ max: 5000 }).default(''),
  }),
  z.object({ ...common, type: z.literal('dependency'), ownerId: optionalId('Choose a member of the project, or nobody.') }),
  z.object({ ...common, type: z.literal('action'), ownerId: requiredOwner, dueDate: day('Give the due date as YYYY-MM-DD.') }),
  z.object({
    ...common,
    type: z.literal('decision'),
    decidedBy: text({ max: 200, min: 2, message: 'Say who decided (a person or a body).' }),
    decidedOn: day('Give the day it was decided, as YYYY-MM-DD.'),
    basis: text({ max: 5000, min: 5, message: 'Say on what basis it was decided (at least 5 characters).' }),
  }),
]);
export type RaidContent = z.output<typeof raidContentSchema>;

/** The columns a content fills; those of other types are emptied, so an item holds only its type's. */
export function columnsOf(content: RaidContent) {
  const has = <K extends string>(k: K) => (k in content ? (content as Record<K, unknown>)[k] : undefined);
  return {
    type: content.type,
    title: content.title,
    description: content.description,
    sharedWithFirmId: content.sharedWithFirmId,
    probability: (has('probability') as number | undefined) ?? null,
    impact: (has('impact') as number | undefined) ?? null,
    mitigation: (has('mitigation') as string | undefined) ?? '',
    ownerId: (has('ownerId') as number | null | undefined) ?? null,
    nextReviewDate: (has('nextReviewDate') as string | undefined) ?? null,
    validateBy: (has('validateBy') as string | undefined) ?? null,
    dueDate: (has('dueDate') as string | undefined) ?? null,
    severity: (has('severity') as number | undefined) ?? null,
    resolution: (has('resolution') as string | undefined) ?? '',
    decidedBy: (has('decidedBy') as string | undefined) ?? '',
    decidedOn: (has('decidedOn') as string | undefined) ?? null,
    basis: (has('basis') as string | undefined) ?? '',
  };
}
export type RaidColumns = ReturnType<typeof columnsOf>;

/** The item's content columns as stored, for the audit's before and after. */
export function storedContent(item: typeof raidItems.$inferSelect): RaidColumns {
  return {
    type: item.type,
    title: item.title,
    description: item.description,
    sharedWithFirmId: item.sharedWithFirmId,
    probability: item.probability,
    impact: item.impact,
    mitigation: item.mitigation,
    ownerId: item.ownerId,
    nextReviewDate: item.nextReviewDate,
    validateBy: item.validateBy,
    dueDate: item.dueDate,
    severity: item.severity,
    resolution: item.resolution,
    decidedBy: item.decidedBy,
    decidedOn: item.decidedOn,
    basis: item.basis,
  };
}

/** The people who may own an item (members of the project) and the firms it may be shared with. */
export function raidParties(conn: Conn, projectId: number) {
  const members = conn
    .select({ id: users.id, name: users.name, email: users.email, firmId: users.vendorFirmId, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .all();
  const firmIds = new Set<number>();
  for (const m of members) if (m.firmId !== null && m.role === 'vendor') firmIds.add(m.firmId);
  for (const c of conn.select({ firmId: contracts.firmId }).from(contracts).where(eq(contracts.projectId, projectId)).all()) firmIds.add(c.firmId);
  return { owners: new Map(members.map((m) => [m.id, m])), firmIds };
}
export type RaidParties = ReturnType<typeof raidParties>;

/** What of a content depends on the project: the owner is one of its members, the firm one of its vendors. */
export function partyProblems(content: Pick<RaidColumns, 'ownerId' | 'sharedWithFirmId'>, parties: RaidParties): FieldErrors {
  const problems: FieldErrors = {};
  if (content.ownerId !== null && !parties.owners.has(content.ownerId)) problems.ownerId = 'The owner must be a member of this project.';
  if (content.sharedWithFirmId !== null && !parties.firmIds.has(content.sharedWithFirmId))
    problems.sharedWithFirmId = 'Share it only with a vendor firm of this project.';
  return problems;
}

/** The next free RAID number of a project: one more than the highest. */
export function nextRaidNumber(conn: Conn, projectId: number): number {
  const keys = conn.select({ key: raidItems.key }).from(raidItems).where(eq(raidItems.projectId, projectId)).all();
  return keys.reduce((max, { key }) => Math.max(max, Number(key.replace(/^RAID-/, '')) || 0), 0) + 1;
}
export const raidKey = (n: number) => `RAID-${String(n).padStart(3, '0')}`;
