/**
 * The portal path of each item a notice or an audit row can be about: a notice, the act that settles
 * it (the signature it asked for) and the audit trail name the item the same way.
 */
const project = (projectId: number) => `/projects/${projectId}`;

export const itemLinks = {
  project,
  gate: (projectId: number, phaseId: number) => `${project(projectId)}/phases/${phaseId}`,
  members: (projectId: number) => `${project(projectId)}/members`,
  requirement: (projectId: number, requirementId: number) => `${project(projectId)}/requirements/${requirementId}`,
  requirementBaseline: (projectId: number, baselineId: number) => `${project(projectId)}/baselines/${baselineId}`,
  plan: (projectId: number, planId: number) => `${project(projectId)}/plans/${planId}`,
  planVersion: (projectId: number, planId: number, number: number) => `${project(projectId)}/plans/${planId}/versions/${number}`,
  testCycle: (projectId: number, cycleId: number) => `${project(projectId)}/testing/cycles/${cycleId}`,
  testCase: (projectId: number, caseId: number) => `${project(projectId)}/testing/cases/${caseId}`,
  defect: (projectId: number, defectId: number) => `${project(projectId)}/defects/${defectId}`,
  parallelRun: (projectId: number, runId: number) => `${project(projectId)}/parallel-runs/${runId}`,
  vendors: (projectId: number) => `${project(projectId)}/vendors`,
  contract: (projectId: number, contractId: number) => `${project(projectId)}/vendors/contracts/${contractId}`,
  deliverable: (projectId: number, deliverableId: number) => `${project(projectId)}/deliverables/${deliverableId}`,
  dataset: (projectId: number, datasetId: number) => `${project(projectId)}/modeling/datasets/${datasetId}`,
  scenario: (projectId: number, scenarioId: number) => `${project(projectId)}/modeling/scenarios/${scenarioId}`,
  change: (projectId: number, changeId: number) => `${project(projectId)}/changes/${changeId}`,
  raidItem: (projectId: number, itemId: number) => `${project(projectId)}/raid/${itemId}`,
  selection: (projectId: number, selectionId: number) => `${project(projectId)}/selections/${selectionId}`,
  selectionResults: (projectId: number, selectionId: number) => `${project(projectId)}/selections/${selectionId}/results`,
  schedule: (projectId: number) => `${project(projectId)}/schedule`,
  recovery: (projectId: number) => `${project(projectId)}/recovery`,
  recoveryPlan: (projectId: number) => `${project(projectId)}/recovery/plan`,
  optimization: (projectId: number) => `${project(projectId)}/optimization`,
  programmeData: (projectId: number) => `${project(projectId)}/optimization/data`,
  optimizationBaseline: (projectId: number) => `${project(projectId)}/optimization/baseline`,
  optimizationReview: (projectId: number, number: number) => `${project(projectId)}/optimization/reviews/${number}`,
  statusReport: (projectId: number, reportId: number) => `${project(projectId)}/reports/${reportId}`,
  person: (userId: number) => `/admin/people/${userId}`,
};
