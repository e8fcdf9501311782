/** Writes docs/plan.schema.json from the zod plan schema (engine/schema.ts). `npm run schema:plan` */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planJsonSchema } from '../engine/index';

export function planSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}

const target = fileURLToPath(new URL('../docs/plan.schema.json', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(target, planSchemaText());
  console.log(`wrote ${target}`);
}
