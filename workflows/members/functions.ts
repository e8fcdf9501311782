import { and, eq } from 'drizzle-orm';
import type { Conn, Tx } from '~/db/client';
import { memberFunctions, type StakeholderFunction } from '~/db/schema';

/** A person's function on a project, or null when they are not on it. */
export function functionOf(conn: Conn, projectId: number, userId: number): StakeholderFunction | null {
  return (
    conn
      .select({ function: memberFunctions.function })
      .from(memberFunctions)
      .where(and(eq(memberFunctions.projectId, projectId), eq(memberFunctions.userId, userId)))
      .get()?.function ?? null
  );
}

/** Records a person's function on a project (inserted or replaced); the caller audits it. */
export function setFunction(tx: Tx, projectId: number, userId: number, fn: StakeholderFunction) {
  tx.insert(memberFunctions)
    .values({ projectId, userId, function: fn })
    .onConflictDoUpdate({ target: [memberFunctions.projectId, memberFunctions.userId], set: { function: fn } })
    .run();
}

/** Forgets a person's function on a project once they hold no role there. */
export function dropFunction(tx: Tx, projectId: number, userId: number) {
  tx.delete(memberFunctions)
    .where(and(eq(memberFunctions.projectId, projectId), eq(memberFunctions.userId, userId)))
    .run();
}
