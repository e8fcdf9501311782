import { eq } from 'drizzle-orm';
import type { Conn } from '~/db/client';
import { deliverables } from '~/db/schema';

/** The next deliverable key of a project: DLV-001, DLV-002 ... */
export function nextDeliverableKey(conn: Conn, projectId: number): string {
  const keys = conn.select({ key: deliverables.key }).from(deliverables).where(eq(deliverables.projectId, projectId)).all();
  const n = keys.reduce((max, { key }) => Math.max(max, Number(key.replace(/^DLV-/, '')) || 0), 0) + 1;
  return `DLV-${String(n).padStart(3, '0')}`;
}
