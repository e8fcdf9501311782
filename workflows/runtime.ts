import { and, eq } from 'drizzle-orm';
import {
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic,
  getStateNodes,
  type InputFrom,
  initialTransition,
  type SnapshotFrom,
  transition,
} from 'xstate';
import type { Tx } from '~/db/client';
import { outbox, workflowEvents, workflowInstances } from '~/db/schema';
import { emitAudit } from './audit';
import type { AuditAction, AuditSubject } from './audit-catalogue';
import { conflict, notFound, refused } from './errors';
import type { Actor } from './policy/roles';

/** A versioned machine plus what the runtime needs to explain a refusal and to find effects. */
export type MachineDefinition<M extends AnyStateMachine> = {
  id: string;
  version: number;
  machine: M;
  // biome-ignore lint/suspicious/noExplicitAny: each machine narrows its own context and event types.
  refusal: (state: string, context: any, event: any) => string;
  effects: readonly string[];
  /**
   * Why this person may not send an event of this type now (who they are, the instance's own facts such
   * as "already signed"), or null; what they send with it (a reason, a meaning, a fingerprint) is the
   * machine's payload guard's business. Pages list actions with it; the machine's guards use it too.
   */
  // biome-ignore lint/suspicious/noExplicitAny: each machine narrows its own context and party types.
  mayNot?: (context: any, type: any, who: any) => string | null;
};

export type InstanceRow = typeof workflowInstances.$inferSelect;
/** What a reader needs of a persisted instance to restore it or read its context. */
export type InstanceRef = Pick<InstanceRow, 'id' | 'machineId' | 'machineVersion' | 'stateValue' | 'context'>;
type EventType<M extends AnyStateMachine> = EventFromLogic<M>['type'];

export const stateName = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function assertMachine(def: MachineDefinition<AnyStateMachine>, row: Pick<InstanceRow, 'id' | 'machineId' | 'machineVersion'>) {
  if (row.machineId !== def.id || row.machineVersion !== def.version)
    throw new Error(`Instance ${row.id} is ${row.machineId}@${row.machineVersion}, not ${def.id}@${def.version}`);
}

export function restore<M extends AnyStateMachine>(def: MachineDefinition<M>, row: InstanceRef): SnapshotFrom<M> {
  assertMachine(def, row);
  // Every machine here is flat: its persisted state value is the name of one state.
  if (typeof row.stateValue !== 'string') throw new Error(`Instance ${row.id} has a state value that is not a state name`);
  return def.machine.resolveState({ value: row.stateValue, context: row.context }) as SnapshotFrom<M>;
}

/**
 * An instance's context, typed by its machine. The one place a stored context is given its type: it
 * refuses an instance of another machine or version instead of reading it as the wrong shape.
 */
export function contextOf<M extends AnyStateMachine>(
  def: MachineDefinition<M>,
  row: Pick<InstanceRow, 'id' | 'machineId' | 'machineVersion' | 'context'>,
): ContextFrom<M> {
  assertMachine(def, row);
  return row.context as ContextFrom<M>;
}

/** The event types the instance's current state has transitions for, read from the machine's state nodes (no guard is run). */
export function eventsFrom<M extends AnyStateMachine>(def: MachineDefinition<M>, row: InstanceRef): EventType<M>[] {
  const snapshot = restore(def, row) as { value: Parameters<typeof getStateNodes>[1] };
  return [...new Set(getStateNodes(def.machine.root, snapshot.value).flatMap((node) => node.ownEvents))] as EventType<M>[];
}

/**
 * What this person could do now: the events the current state has transitions for and that the
 * machine's who-may check lets them send. No payload is made up: a reason too short or a stale
 * fingerprint is refused when the real event comes, with the machine's own message.
 */
export function availableEvents<D extends MachineDefinition<AnyStateMachine> & { mayNot: NonNullable<MachineDefinition<AnyStateMachine>['mayNot']> }>(
  def: D,
  row: InstanceRef,
  who: Parameters<D['mayNot']>[2],
): Set<EventType<D['machine']>> {
  const context = contextOf(def, row);
  return new Set(eventsFrom(def, row).filter((type) => def.mayNot(context, type, who) === null));
}

/** Events this snapshot accepts (for the UI: show only the buttons the machine allows). */
export function allows<M extends AnyStateMachine>(snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): boolean {
  return (snapshot as { can: (e: unknown) => boolean }).can(event);
}

export function createInstance<M extends AnyStateMachine>(
  tx: Tx,
  def: MachineDefinition<M>,
  opts: { input: InputFrom<M>; subjectType: string; subjectId: number | null; projectId: number | null; at: Date },
): InstanceRow {
  const [snapshot] = initialTransition(def.machine, opts.input);
  const s = snapshot as { value: unknown; context: unknown };
  return tx
    .insert(workflowInstances)
    .values({
      machineId: def.id,
      machineVersion: def.version,
      stateValue: s.value,
      context: s.context,
      version: 0,
      subjectType: opts.subjectType,
      subjectId: opts.subjectId,
      projectId: opts.projectId,
      createdAt: opts.at.toISOString(),
      updatedAt: opts.at.toISOString(),
    })
    .returning()
    .get();
}

export type Applied = {
  instance: InstanceRow;
  eventId: number;
  fromState: string;
  toState: string;
  done: boolean;
};

/**
 * Applies one event to a persisted instance inside the caller's transaction: restore, check `can`,
 * pure `transition`, conditional update on the version that was read (0 rows = someone moved first:
 * 409, nothing written), then the event row, the audit row and any effects in the outbox.
 */
export function applyEvent<M extends AnyStateMachine>(
  tx: Tx,
  def: MachineDefinition<M>,
  opts: {
    instanceId: number;
    event: EventFromLogic<M> & { type: string };
    actor: Actor;
    at: Date;
    /** The version the person saw; if the instance moved since, refuse rather than act on stale state. */
    expectedVersion?: number;
    /** `before`/`after` add subject data (e.g. edited content) to the state and context the row records. */
    audit: { action: AuditAction; subjectType: AuditSubject; subjectId: number | string; detail?: string; before?: object; after?: object };
    /** Payload to keep in the event row (defaults to the event without its actor). */
    record?: Record<string, unknown>;
  },
): Applied {
  const row = tx.select().from(workflowInstances).where(eq(workflowInstances.id, opts.instanceId)).get();
  if (!row) throw notFound(`Workflow instance ${opts.instanceId} does not exist.`);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.version)
    throw conflict('Someone else acted on this first. Reload to see the current state, then try again.');

  const snapshot = restore(def, row);
  const fromState = stateName(row.stateValue);
  if (!allows(snapshot, opts.event)) throw refused(def.refusal(fromState, row.context, opts.event));

  const [next, actions] = transition(def.machine, snapshot, opts.event);
  const n = next as { value: unknown; context: unknown; status: string };
  const toState = stateName(n.value);
  const at = opts.at.toISOString();

  const updated = tx
    .update(workflowInstances)
    .set({ stateValue: n.value, context: n.context, version: row.version + 1, updatedAt: at })
    .where(and(eq(workflowInstances.id, row.id), eq(workflowInstances.version, row.version)))
    .run();
  if (updated.changes !== 1) throw conflict('Someone else acted on this first. Reload to see the current state, then try again.');

  const { actor: _actor, ...eventPayload } = opts.event as Record<string, unknown>;
  const payload = opts.record ?? eventPayload;
  const eventRow = tx
    .insert(workflowEvents)
    .values({
      instanceId: row.id,
      seq: row.version + 1,
      type: opts.event.type,
      payload,
      actorId: opts.actor.id || null,
      fromState,
      toState,
      at,
    })
    .returning({ id: workflowEvents.id })
    .get();

  emitAudit(tx, {
    at: opts.at,
    actor: opts.actor,
    projectId: row.projectId,
    action: opts.audit.action,
    subjectType: opts.audit.subjectType,
    subjectId: opts.audit.subjectId,
    fromState,
    toState,
    before: { state: row.stateValue, context: row.context, ...opts.audit.before },
    after: { state: n.value, context: n.context, event: { type: opts.event.type, ...payload }, ...opts.audit.after },
    detail: opts.audit.detail,
  });

  for (const action of actions as { type: string }[]) {
    if (def.effects.includes(action.type))
      tx.insert(outbox)
        .values({
          topic: `${def.id}.${action.type}`,
          payload: { instanceId: row.id, eventId: eventRow.id },
          createdAt: at,
        })
        .run();
  }

  const instance = { ...row, stateValue: n.value, context: n.context, version: row.version + 1, updatedAt: at };
  return { instance, eventId: eventRow.id, fromState, toState, done: n.status === 'done' };
}
