import { and, asc, count, desc, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { Conn } from '../client';
import {
  baselineItems,
  baselines,
  methodologyPhases,
  projects,
  requirementComments,
  requirementLinks,
  requirements,
  requirementVersions,
  signatures,
  users,
  workflowEvents,
  workflowInstances,
} from '../schema';
import { instanceRefColumns } from './instance';
import { builtOncePer, inList, listValue } from './prepared';
import { projectMemberList } from './projects';

export type RequirementGridQuery = {
  projectId: number;
  search?: string;
  status?: string;
  category?: string;
  priority?: string;
  ownerId?: number;
  suspect?: boolean;
  sort?: 'key' | 'title' | 'category' | 'priority' | 'status' | 'owner' | 'updated';
  desc?: boolean;
  page?: number;
  pageSize?: number;
};

const owner = sql`(SELECT name FROM users WHERE users.id = ${requirementVersions.ownerId})`;
const sortColumns = {
  key: sql`CAST(substr(${requirements.key}, 5) AS INTEGER)`,
  title: sql`${requirementVersions.title} COLLATE NOCASE`,
  category: requirementVersions.category,
  priority: sql`CASE ${requirementVersions.priority} WHEN 'must' THEN 0 WHEN 'should' THEN 1 WHEN 'could' THEN 2 ELSE 3 END`,
  status: workflowInstances.stateValue,
  owner,
  updated: requirementVersions.updatedAt,
};

/**
 * The register's condition with placeholders for the values, so that one prepared statement serves every
 * request of the same shape (which filters are set, which sort): building the SQL anew was a tenth of the
 * register page's server time.
 */
function gridWhere(q: RequirementGridQuery): SQL | undefined {
  const where: SQL[] = [eq(requirements.projectId, sql.placeholder('projectId'))];
  if (q.search) {
    const term = sql.placeholder('term');
    where.push(
      or(
        sql`${requirements.key} LIKE ${term} ESCAPE '\\'`,
        sql`${requirementVersions.title} LIKE ${term} ESCAPE '\\'`,
        sql`${requirementVersions.description} LIKE ${term} ESCAPE '\\'`,
      )!,
    );
  }
  if (q.status) where.push(eq(workflowInstances.stateValue, sql.placeholder('status')));
  if (q.category) where.push(eq(requirementVersions.category, sql.placeholder('category')));
  if (q.priority) where.push(eq(requirementVersions.priority, sql.placeholder('priority')));
  if (q.ownerId) where.push(eq(requirementVersions.ownerId, sql.placeholder('ownerId')));
  if (q.suspect) where.push(isNotNull(requirements.suspectSince));
  return and(...where);
}

function gridQueries(conn: Conn, q: RequirementGridQuery) {
  const where = gridWhere(q);
  const sortBy = sortColumns[q.sort ?? 'key'];
  return {
    rows: conn
      .select({
        id: requirements.id,
        key: requirements.key,
        title: requirementVersions.title,
        category: requirementVersions.category,
        priority: requirementVersions.priority,
        owner: sql<string>`${owner}`,
        version: requirementVersions.number,
        status: workflowInstances.stateValue,
        suspect: requirements.suspectSince,
        updatedAt: requirementVersions.updatedAt,
        examples: sql<number>`json_array_length(${requirementVersions.examples})`,
      })
      .from(requirements)
      .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
      .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
      .where(where)
      .orderBy(q.desc ? desc(sortBy) : asc(sortBy), asc(requirements.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
    total: conn
      .select({ n: count() })
      .from(requirements)
      .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
      .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
      .where(where)
      .prepare(),
  };
}

/** At most a few hundred shapes exist (filters set x sort x direction); each is built once per connection. */
const gridQueriesByShape = builtOncePer(() => new Map<string, ReturnType<typeof gridQueries>>());

/** One page of the register, filtered and sorted in SQL (fast at thousands of rows), with the total. */
export function requirementGrid(conn: Conn, q: RequirementGridQuery) {
  const pageSize = Math.min(Math.max(q.pageSize ?? 50, 1), 500);
  const page = Math.max(q.page ?? 1, 1);
  const shape = [!!q.search, !!q.status, !!q.category, !!q.priority, !!q.ownerId, !!q.suspect, q.sort ?? 'key', !!q.desc].join();
  const byShape = gridQueriesByShape(conn);
  let queries = byShape.get(shape);
  if (!queries) {
    queries = gridQueries(conn, q);
    byShape.set(shape, queries);
  }
  const values = {
    projectId: q.projectId,
    term: q.search ? `%${q.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : undefined,
    // A placeholder's value skips the column's encoding: the state is stored as JSON text.
    status: q.status === undefined ? undefined : JSON.stringify(q.status),
    category: q.category,
    priority: q.priority,
    ownerId: q.ownerId,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const rows = queries.rows.all(values).map((r) => ({ ...r, status: String(r.status) }));
  const total = queries.total.get(values)?.n ?? 0;
  return { rows, total, page, pageSize };
}

/** How many requirements of the project are in each sign-off state (of their current version): the register's counts. */
export function requirementStatusCounts(conn: Conn, projectId: number) {
  return conn
    .select({ status: workflowInstances.stateValue, n: count() })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(eq(requirements.projectId, projectId))
    .groupBy(workflowInstances.stateValue)
    .all()
    .map((r) => ({ status: String(r.status), n: r.n }));
}

/** Everything the requirement page shows: versions with their states and signatures, links, discussion. */
export function requirementDetail(conn: Conn, requirementId: number) {
  const requirement = conn.select().from(requirements).where(eq(requirements.id, requirementId)).get();
  if (!requirement) return null;
  const versions = conn
    .select({
      version: requirementVersions,
      instance: { ...instanceRefColumns, version: workflowInstances.version },
    })
    .from(requirementVersions)
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(eq(requirementVersions.requirementId, requirementId))
    .orderBy(asc(requirementVersions.number))
    .all()
    .map((r) => ({ ...r.version, state: String(r.instance.stateValue), instance: r.instance }));
  const instanceIds = versions.map((v) => v.instanceId);
  const signed = conn
    .select({
      instanceId: signatures.instanceId,
      name: users.name,
      title: users.title,
      userId: users.id,
      meaning: signatures.meaning,
      fingerprint: signatures.fingerprint,
      at: signatures.at,
    })
    .from(signatures)
    .innerJoin(users, eq(users.id, signatures.userId))
    .where(inArray(signatures.instanceId, instanceIds))
    .orderBy(asc(signatures.id))
    .all();
  const links = conn
    .select({ id: requirements.id, key: requirements.key, fromId: requirementLinks.fromId, toId: requirementLinks.toId })
    .from(requirementLinks)
    .innerJoin(
      requirements,
      or(
        and(eq(requirementLinks.fromId, requirementId), eq(requirements.id, requirementLinks.toId)),
        and(eq(requirementLinks.toId, requirementId), eq(requirements.id, requirementLinks.fromId)),
      ),
    )
    .all();
  const linkedTitles = links.length
    ? conn
        .select({ id: requirements.id, title: requirementVersions.title })
        .from(requirements)
        .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
        .where(
          inArray(
            requirements.id,
            links.map((l) => l.id),
          ),
        )
        .all()
    : [];
  const comments = conn
    .select({
      id: requirementComments.id,
      body: requirementComments.body,
      at: requirementComments.createdAt,
      author: users.name,
      versionNumber: requirementComments.versionNumber,
    })
    .from(requirementComments)
    .innerJoin(users, eq(users.id, requirementComments.authorId))
    .where(eq(requirementComments.requirementId, requirementId))
    .orderBy(asc(requirementComments.id))
    .all();
  const history = conn
    .select({
      id: workflowEvents.id,
      instanceId: workflowEvents.instanceId,
      type: workflowEvents.type,
      fromState: workflowEvents.fromState,
      toState: workflowEvents.toState,
      at: workflowEvents.at,
      actor: users.name,
    })
    .from(workflowEvents)
    .leftJoin(users, eq(users.id, workflowEvents.actorId))
    .where(inArray(workflowEvents.instanceId, instanceIds))
    .orderBy(asc(workflowEvents.id))
    .all();
  return {
    requirement,
    versions: versions.map((v) => ({ ...v, signatures: signed.filter((s) => s.instanceId === v.instanceId) })),
    links: links.map((l) => ({ id: l.id, key: l.key, title: linkedTitles.find((t) => t.id === l.id)?.title ?? '' })),
    comments,
    history: history.map((h) => ({ ...h, versionNumber: versions.find((v) => v.instanceId === h.instanceId)?.number ?? 0 })),
  };
}

export function projectBaselines(conn: Conn, projectId: number) {
  return conn
    .select({
      id: baselines.id,
      name: baselines.name,
      createdAt: baselines.createdAt,
      by: users.name,
      items: sql<number>`(SELECT count(*) FROM requirement_baseline_items i WHERE i.baseline_id = ${baselines.id})`,
    })
    .from(baselines)
    .innerJoin(users, eq(users.id, baselines.createdBy))
    .where(eq(baselines.projectId, projectId))
    .orderBy(desc(baselines.id))
    .all();
}

/** What was added, changed (another version or content) or removed since a baseline. */
export function compareWithBaseline(conn: Conn, baselineId: number) {
  const baseline = conn.select().from(baselines).where(eq(baselines.id, baselineId)).get();
  if (!baseline) return null;
  const then = conn
    .select({
      requirementId: baselineItems.requirementId,
      versionId: baselineItems.versionId,
      fingerprint: baselineItems.fingerprint,
      state: baselineItems.state,
      number: requirementVersions.number,
      title: requirementVersions.title,
    })
    .from(baselineItems)
    .innerJoin(requirementVersions, eq(requirementVersions.id, baselineItems.versionId))
    .where(eq(baselineItems.baselineId, baselineId))
    .all();
  const now = conn
    .select({
      requirementId: requirements.id,
      key: requirements.key,
      versionId: requirementVersions.id,
      fingerprint: requirementVersions.fingerprint,
      number: requirementVersions.number,
      title: requirementVersions.title,
      state: workflowInstances.stateValue,
    })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(eq(requirements.projectId, baseline.projectId))
    .orderBy(asc(requirements.id))
    .all();
  const thenById = new Map(then.map((t) => [t.requirementId, t]));
  // Requirements are never deleted: one retired since the baseline is what "removed" means.
  const retiredSince = new Set(now.filter((n) => n.state === 'retired' && thenById.get(n.requirementId)?.state !== 'retired').map((n) => n.requirementId));
  const nowIds = new Set(now.filter((n) => !retiredSince.has(n.requirementId)).map((n) => n.requirementId));
  const keyOf = new Map(now.map((n) => [n.requirementId, n.key]));
  return {
    baseline,
    added: now.filter((n) => !thenById.has(n.requirementId)).map((n) => ({ ...n, state: String(n.state) })),
    changed: now
      .filter((n) => {
        const t = thenById.get(n.requirementId);
        return t && nowIds.has(n.requirementId) && (t.versionId !== n.versionId || t.fingerprint !== n.fingerprint);
      })
      .map((n) => ({ ...n, state: String(n.state), from: thenById.get(n.requirementId)! })),
    removed: then.filter((t) => !nowIds.has(t.requirementId)).map((t) => ({ ...t, key: keyOf.get(t.requirementId) ?? `#${t.requirementId}` })),
  };
}

/**
 * Current versions of the projects' requirements that are in review, or in draft and written by this
 * author, with their sign-off instance (who must sign is read from it in workflows/).
 */
const openRequirementVersionsQuery = builtOncePer((conn) =>
  conn
    .select({
      id: requirements.id,
      projectId: requirements.projectId,
      key: requirements.key,
      title: requirementVersions.title,
      authorId: requirementVersions.authorId,
      instance: instanceRefColumns,
    })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
    .where(
      and(
        inList(requirements.projectId, 'projectIds'),
        or(
          eq(workflowInstances.stateValue, 'inReview'),
          and(eq(workflowInstances.stateValue, 'draft'), eq(requirementVersions.authorId, sql.placeholder('authorId'))),
        ),
      ),
    )
    .orderBy(asc(requirements.id))
    .prepare(),
);

export function openRequirementVersions(conn: Conn, projectIds: number[], authorId: number) {
  if (projectIds.length === 0) return [];
  return openRequirementVersionsQuery(conn)
    .all({ projectIds: listValue(projectIds), authorId })
    .map((r) => ({ ...r, state: String(r.instance.stateValue) }));
}

/** What the requirement form offers: the project's stakeholders as owners, its methodology's phases. */
export function requirementFormOptions(conn: Conn, projectId: number) {
  const project = conn.select({ methodologyId: projects.methodologyId }).from(projects).where(eq(projects.id, projectId)).get();
  return {
    owners: projectMemberList(conn, projectId)
      .filter((m) => m.role === 'stakeholder')
      .map((m) => ({ userId: m.userId, name: m.name })),
    phases: project
      ? conn
          .select({ key: methodologyPhases.key, name: methodologyPhases.name })
          .from(methodologyPhases)
          .where(eq(methodologyPhases.methodologyId, project.methodologyId))
          .orderBy(asc(methodologyPhases.position))
          .all()
      : [],
  };
}
