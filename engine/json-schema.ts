/** The plan schema as JSON Schema (draft 2020-12), generated from the zod schema: docs/plan.schema.json. */
import { z } from 'zod';
import { Plan } from './schema';

export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Plan, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://spm-portal.example/schemas/plan.schema.json',
    title: 'Incentive compensation plan',
    description:
      'A plan for the SPM portal calculation engine (engine/schema.ts is the source; regenerate with npm run schema:plan). Ratios are decimal fractions: 0.05 = 5%.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
