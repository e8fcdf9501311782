import { workflowInstances } from '../schema';

/** What a workflow reader needs of an instance to restore it or read its context (workflows/runtime.ts InstanceRef). */
export const instanceRefColumns = {
  id: workflowInstances.id,
  machineId: workflowInstances.machineId,
  machineVersion: workflowInstances.machineVersion,
  stateValue: workflowInstances.stateValue,
  context: workflowInstances.context,
};
