/**
 * Explain traces. Each payout line carries the inputs it used, the rule applied and the arithmetic
 * steps. A step may carry `calc` (an operation, its arguments and its result, all exact decimal
 * strings: anyone can redo it) and `delta` (how much the step changes the line's amount). The line's
 * amount is exactly the sum of its deltas; test/engine/explain.test.ts re-does every calc and re-adds
 * every delta. The steps that show how credit was formed (splits, roll-ups, cancellations: see
 * credit-trace.ts) are `calc` steps or notes without `delta`: they do not change the amount.
 *
 * The step where a rate table's tier pays, or where a payout curve gives its value, carries `reached`:
 * which tier or curve segment the line reached, in structured form, so coverage can tell which parts of
 * a plan a test exercised without reading the words (workflows/testing/tier-coverage.ts).
 */
import type { Num } from './num';
import { str } from './num';

export type CalcOp = 'add' | 'sub' | 'mul' | 'div' | 'min' | 'max' | 'round_half_up' | 'round_half_even';

export interface Calc {
  op: CalcOp;
  args: string[];
  result: string;
}

/**
 * The part of a component's `tiers` (rate table) or `curve` (attainment bonus) a step applied, as the
 * plan document numbers them from 1. Marginal and retroactive tables: `tier` k is the k-th tier, the
 * one the credit (or attainment) ends in; a marginal line marks the step of its last slice, the lower
 * tiers' slices are paid on the way there. Interpolated tables and curves:
 * `tier` k < n (n points) is the segment from point k to point k+1; k = n is at or beyond the last
 * point. Everywhere `tier` 0 is below the first tier, point or threshold: nothing pays.
 */
export interface Reached {
  table: 'tiers' | 'curve';
  tier: number;
}

export interface Step {
  text: string;
  calc?: Calc;
  delta?: string;
  reached?: Reached;
}

export interface Explain {
  rule: string;
  inputs: Record<string, string>;
  steps: Step[];
}

/** Collects an explain trace; `null` is used instead when traces are switched off (fast runs). */
export class Tracer {
  readonly inputs: Record<string, string> = {};
  readonly steps: Step[] = [];
  constructor(public rule: string) {}

  input(name: string, value: string): void {
    this.inputs[name] = value;
  }

  note(text: string, reached?: Reached): void {
    this.steps.push(reached ? { text, reached } : { text });
  }

  /** a computed value that does not itself change the line */
  calc(text: string, op: CalcOp, args: Num[], result: Num, reached?: Reached): void {
    const step: Step = { text, calc: { op, args: args.map((a) => str(a)), result: str(result) } };
    if (reached) step.reached = reached;
    this.steps.push(step);
  }

  /** a computed value that is added to the line (delta = result) */
  add(text: string, op: CalcOp, args: Num[], result: Num, reached?: Reached): void {
    const step: Step = { text, calc: { op, args: args.map((a) => str(a)), result: str(result) }, delta: str(result) };
    if (reached) step.reached = reached;
    this.steps.push(step);
  }

  /** a change of the line by `delta` whose arithmetic is `calc` (e.g. a cap: min(x, cap) - x) */
  change(text: string, delta: Num, calc?: { op: CalcOp; args: Num[]; result: Num }): void {
    const step: Step = { text, delta: str(delta) };
    if (calc) step.calc = { op: calc.op, args: calc.args.map((a) => str(a)), result: str(calc.result) };
    this.steps.push(step);
  }

  done(): Explain {
    return { rule: this.rule, inputs: this.inputs, steps: this.steps };
  }
}
