/**
 * The portal path of each item a notice can be about: a notice and the act that settles it (the
 * signature it asked for) name the item the same way.
 */
export const itemLinks = {
  gate: (projectId: number, phaseId: number) => `/projects/${projectId}/phases/${phaseId}`,
  requirement: (projectId: number, requirementId: number) => `/projects/${projectId}/requirements/${requirementId}`,
  planVersion: (projectId: number, planId: number, number: number) => `/projects/${projectId}/plans/${planId}/versions/${number}`,
  parallelRun: (projectId: number, runId: number) => `/projects/${projectId}/parallel-runs/${runId}`,
  change: (projectId: number, changeId: number) => `/projects/${projectId}/changes/${changeId}`,
  raidItem: (projectId: number, itemId: number) => `/projects/${projectId}/raid/${itemId}`,
  schedule: (projectId: number) => `/projects/${projectId}/schedule`,
};
