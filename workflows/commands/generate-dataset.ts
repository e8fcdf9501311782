import { z } from 'zod';
import { defineCommand } from '../command';
import { DomainError } from '../errors';
import { id, text } from '../input';
import { datasetName, datasetPeriod, insertDataset, planForDataset } from '../modeling/datasets';
import { GENERATE_LIMITS, generateDataset } from '../modeling/generate';
import { requireProjectPermission } from '../project-access';

const whole = (message: string, min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number(message).int(message).min(min, message).max(max, message));
const fraction = (message: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number(message).min(0, message).max(max, message));
const money = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, message);

export const generateDatasetInput = z.object({
  projectId: id(),
  planId: id('Choose a plan of this project.'),
  name: datasetName(),
  period: datasetPeriod(),
  seed: whole('The seed is a whole number from 0 to 4294967295.', 0, 0xffffffff),
  role: text({ max: 40, min: 1, message: 'Name the participants’ role, e.g. banker.' }).regex(/^[^,"\r\n]+$/, 'A role is a name without commas or quotes.'),
  participants: whole(`Participants: a whole number from 1 to ${GENERATE_LIMITS.participants.toLocaleString('en-US')}.`, 1, GENERATE_LIMITS.participants),
  transactionsPerParticipant: whole('Transactions per participant: a whole number from 1 to 1,000.', 1, 1000),
  targetIncentive: money('Target incentive: an amount such as 20000.'),
  quota: money('Quota: an amount above 0 such as 1000000.').refine((v) => Number(v) > 0, 'Quota: an amount above 0 such as 1000000.'),
  mean: fraction('Mean attainment: a fraction from 0 to 10 (1 = 100 %).', 10),
  spread: fraction('Spread: a fraction from 0 to 5 (0.2 = 20 points).', 5),
});

/**
 * An analyst or PM generates a modeling dataset (workflows/modeling/generate.ts): N participants of one
 * role with attainment drawn from a normal distribution, seeded, so the same inputs give the same
 * files. The parameters are stored with it; the engine checks it as it checks an upload.
 */
export const generateDatasetCommand = defineCommand({
  input: generateDatasetInput,
  handle: ({ tx, actor, at }, input) => {
    requireProjectPermission(tx, actor, input.projectId, 'model.write');
    const { version } = planForDataset(tx, input.projectId, input.planId);
    const revenue = (JSON.parse(version.document) as { measures?: { id: string; source: string }[] }).measures?.find((m) => m.source === 'amount')?.id;
    const parameters = {
      seed: input.seed,
      role: input.role,
      participants: input.participants,
      transactionsPerParticipant: input.transactionsPerParticipant,
      targetIncentive: input.targetIncentive,
      quota: input.quota,
      attainment: { kind: 'normal' as const, mean: input.mean, spread: input.spread },
      planVersionId: version.id,
    };
    let generated: ReturnType<typeof generateDataset>;
    try {
      generated = generateDataset({
        planDocument: version.document,
        period: input.period,
        seed: input.seed,
        roles: [{ role: input.role, count: input.participants, targetIncentive: input.targetIncentive, quotas: revenue ? { [revenue]: input.quota } : {} }],
        attainment: parameters.attainment,
        transactionsPerParticipant: input.transactionsPerParticipant,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The generator names its fields by its own spec; the form's names are these.
      const names: Record<string, string> = {
        'roles[0].role': 'role',
        'roles[0].count': 'participants',
        roles: 'participants',
        'roles[0].targetIncentive': 'targetIncentive',
        'attainment.mean': 'mean',
        'attainment.spread': 'spread',
        planDocument: 'planId',
        revenueMeasure: 'planId',
      };
      const fieldErrors: Record<string, string> = {};
      for (const [k, v] of Object.entries(error.fieldErrors)) fieldErrors[names[k] ?? (k.startsWith('roles[0].quotas') ? 'quota' : k)] = v;
      throw new DomainError('invalid', error.message, fieldErrors, error.problems);
    }
    const { attainments: _, ...dataset } = generated;
    return insertDataset(tx, actor, at, { projectId: input.projectId, planId: input.planId, name: input.name, ...dataset, source: 'generated', parameters });
  },
});
