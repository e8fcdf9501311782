import { asc, desc, eq } from 'drizzle-orm';
import type { Conn } from '../client';
import { modelingDatasets, modelingScenarios, plans, planVersions, users } from '../schema';

/** Read models of the modeling pages (issue 13); no business rules (workflows/modeling/* holds them). */

/** A project's datasets, newest first, without their files. */
export function datasetList(conn: Conn, projectId: number) {
  return conn
    .select({
      id: modelingDatasets.id,
      name: modelingDatasets.name,
      plan: plans.planKey,
      period: modelingDatasets.period,
      participants: modelingDatasets.participantCount,
      transactions: modelingDatasets.transactionCount,
      source: modelingDatasets.source,
      parameters: modelingDatasets.parameters,
      datasetHash: modelingDatasets.datasetHash,
      createdBy: users.name,
      createdAt: modelingDatasets.createdAt,
    })
    .from(modelingDatasets)
    .innerJoin(plans, eq(plans.id, modelingDatasets.planId))
    .innerJoin(users, eq(users.id, modelingDatasets.createdBy))
    .where(eq(modelingDatasets.projectId, projectId))
    .orderBy(desc(modelingDatasets.id))
    .all();
}

/** A project's scenarios, with their plan version and dataset. */
export function scenarioList(conn: Conn, projectId: number) {
  return conn
    .select({
      id: modelingScenarios.id,
      name: modelingScenarios.name,
      plan: plans.planKey,
      version: planVersions.number,
      dataset: modelingDatasets.name,
      datasetId: modelingDatasets.id,
      changes: modelingScenarios.changes,
      copiedFrom: modelingScenarios.copiedFrom,
      createdBy: users.name,
      createdAt: modelingScenarios.createdAt,
    })
    .from(modelingScenarios)
    .innerJoin(planVersions, eq(planVersions.id, modelingScenarios.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(modelingDatasets, eq(modelingDatasets.id, modelingScenarios.datasetId))
    .innerJoin(users, eq(users.id, modelingScenarios.createdBy))
    .where(eq(modelingScenarios.projectId, projectId))
    .orderBy(asc(modelingScenarios.id))
    .all();
}

/** The plans of a project and their versions, for choosing one to model. */
export function planVersionChoices(conn: Conn, projectId: number) {
  return conn
    .select({ id: planVersions.id, planId: plans.id, planKey: plans.planKey, name: plans.name, number: planVersions.number })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(plans.projectId, projectId))
    .orderBy(asc(plans.planKey), desc(planVersions.number))
    .all();
}
