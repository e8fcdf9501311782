import { z } from 'zod';
import { defineCommand } from '../command';
import { invalid } from '../errors';
import { id, text } from '../input';
import { type ScenarioChange, ScenarioChange as ScenarioChangeSchema } from '../modeling/scenario';
import { type ChangeOrigin, insertScenario } from '../modeling/scenarios';

const blank = (v: unknown) => (v === '' || v === undefined || v === null ? undefined : v);
const optionalText = z.preprocess(blank, z.string().trim().optional());

export const createScenarioInput = z.object({
  projectId: id(),
  name: text({ max: 120, min: 2, message: 'Give the scenario a name (at least 2 characters).' }),
  planVersionId: id('Choose a plan version.'),
  datasetId: id('Choose a dataset.'),
  /** A tier rate change: the component, the tier (1 = the first) and the new rate as a fraction (0.03 = 3 %). */
  tierComponentId: optionalText,
  tierNumber: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blank(v)),
    z.number('The tier is a whole number from 1.').int('The tier is a whole number from 1.').min(1, 'The tier is a whole number from 1.').optional(),
  ),
  tierRate: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'Enter the rate as a fraction, e.g. 0.03 for 3 %.')
      .optional(),
  ),
  /** Quotas scaled by a percentage (10 = +10 %), overall or for one role. */
  quotaPercent: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, 'Enter a percentage such as 10 or -5.')
      .optional(),
  ),
  quotaRole: optionalText,
  /** Any other changes, as a JSON list of changes (docs/decisions/0013-plan-modeling.md). */
  changesJson: z.preprocess(blank, z.string().max(200_000, 'Keep the change list under 200,000 characters.').optional()),
});

/** The changes a scenario form states, in order (tier rate, quotas, then the JSON list), and the field each came from. */
export function changesFromForm(input: z.output<typeof createScenarioInput>): { changes: ScenarioChange[]; origins: ChangeOrigin[] } {
  const changes: ScenarioChange[] = [];
  const origins: ChangeOrigin[] = [];
  const errors: Record<string, string> = {};
  if (input.tierRate !== undefined || input.tierComponentId !== undefined || input.tierNumber !== undefined) {
    if (!input.tierComponentId) errors.tierComponentId = 'Name the component whose tier rate changes.';
    if (input.tierNumber === undefined) errors.tierNumber = 'Give the tier (1 = the first).';
    if (input.tierRate === undefined) errors.tierRate = 'Give the new rate, e.g. 0.03 for 3 %.';
    if (input.tierComponentId && input.tierNumber !== undefined && input.tierRate !== undefined) {
      changes.push({ kind: 'tier_rate', componentId: input.tierComponentId, tier: input.tierNumber - 1, rate: input.tierRate });
      origins.push('tierRate');
    }
  }
  if (input.quotaPercent !== undefined) {
    const parsed = ScenarioChangeSchema.safeParse({ kind: 'quota_scale', percent: input.quotaPercent, ...(input.quotaRole ? { role: input.quotaRole } : {}) });
    if (parsed.success) {
      changes.push(parsed.data);
      origins.push('quotaPercent');
    } else errors.quotaPercent = parsed.error.issues.map((i) => i.message).join(' ');
  } else if (input.quotaRole) errors.quotaPercent = 'Give the percentage the role’s quotas change by.';
  if (input.changesJson !== undefined) {
    let list: unknown;
    try {
      list = JSON.parse(input.changesJson);
    } catch {
      errors.changesJson = 'This is not JSON: write a list of changes, e.g. [{"kind":"quota_scale","percent":"10"}].';
    }
    if (list !== undefined) {
      const parsed = z
        .array(ScenarioChangeSchema)
        .max(100, 'At most 100 changes.')
        .safeParse(Array.isArray(list) ? list : [list]);
      if (parsed.success) {
        changes.push(...parsed.data);
        origins.push(...parsed.data.map(() => 'changesJson' as const));
      } else
        errors.changesJson = parsed.error.issues
          .map(
            (i) =>
              `${typeof i.path[0] === 'number' ? `Change ${i.path[0] + 1}: ` : ''}${i.path.slice(1).join('.')}${i.path.length > 1 ? ': ' : ''}${i.message}`,
          )
          .join(' ');
    }
  }
  if (Object.keys(errors).length) throw invalid('Check the highlighted fields.', errors);
  return { changes, origins };
}

/**
 * An analyst or PM creates a scenario: a plan version, a dataset of its plan and changes entered in the
 * form (a tier rate, quotas scaled) and as a JSON list; the changed plan must validate. Audited.
 */
export const createScenario = defineCommand({
  input: createScenarioInput,
  handle: ({ tx, actor, at }, input) => {
    const { changes, origins } = changesFromForm(input);
    return insertScenario(tx, actor, at, {
      projectId: input.projectId,
      name: input.name,
      planVersionId: input.planVersionId,
      datasetId: input.datasetId,
      changes,
      origins,
    });
  },
});
