import { z } from 'zod';
import { defineCommand } from '../command';
import { insertDataset, uploadDatasetFields } from '../modeling/datasets';

export const uploadDatasetInput = z.object(uploadDatasetFields);

/**
 * An analyst or PM uploads a modeling dataset (the engine's three CSV files and a period), checked by
 * the engine against the plan: refused whole, with every bad line named, or stored and audited.
 */
export const uploadDataset = defineCommand({
  input: uploadDatasetInput,
  handle: ({ tx, actor, at }, { projectId, planId, name, period, participantsCsv, quotasCsv, transactionsCsv }) =>
    insertDataset(tx, actor, at, { projectId, planId, name, period, participantsCsv, quotasCsv, transactionsCsv, source: 'upload', parameters: null }),
});
