/**
 * The plan editor's path logic (workflows/plans/editor.ts): form fields named by JSON paths are applied
 * to the document exactly (decimals stay the strings typed), options left at the schema's default are
 * not written, and each problem the engine finds is placed at the field of its path.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan } from '~/engine';
import { Plan } from '~/engine/schema';
import { commercialBankerPlan, relationshipManagerPlan } from '~/seeds/northwind-plans';
import {
  addRow,
  applyFields,
  defaultAt,
  editorDefaults,
  type JsonObject,
  parsePath,
  placeProblems,
  removeRow,
  sameDocument,
  tidyProblems,
  valueAt,
} from '~/workflows/plans/editor';

const cb = () => structuredClone(commercialBankerPlan) as unknown as JsonObject;
const rm = () => structuredClone(relationshipManagerPlan(true)) as unknown as JsonObject;

describe('paths of a plan document', () => {
  it('reads the path formatPath writes, and nothing that is not a path of a plan', () => {
    expect(parsePath('components[0].tiers[1].rate')).toEqual(['components', 0, 'tiers', 1, 'rate']);
    expect(parsePath('rounding.mode')).toEqual(['rounding', 'mode']);
    for (const bad of ['intent', 'components[0].__proto__.x', 'constructor.prototype', 'components[x]', 'components..id', '', 'name.'])
      expect(parsePath(bad), bad).toBeNull();
  });
});

describe('applying the form to the document', () => {
  it('sets each field at its path, keeping decimals as typed and unchanged numbers as numbers', () => {
    const out = applyFields(cb(), {
      'components[0].tiers[1].rate': '0.0175',
      'components[0].tiers[2].rate': '0.025',
      'components[0].tiers[0].from': '0',
      name: ' Commercial banker plan 2027 ',
    });
    expect(valueAt(out, ['components', 0, 'tiers'])).toEqual([
      { from: 0, rate: 0 },
      { from: 0.5, rate: '0.0175' },
      { from: 1, rate: 0.025 },
    ]);
    expect(out.name).toBe('Commercial banker plan 2027');
    // The document it was given is not changed.
    expect(valueAt(cb(), ['components', 0, 'tiers', 1, 'rate'])).toBe(0.015);
  });

  it('a form nobody changed leaves the document as it was (defaults shown are not written)', () => {
    const doc = cb();
    const untouched = {
      name: 'Commercial banker plan 2026',
      currency: 'USD',
      minorUnit: '',
      periodKind: 'quarter',
      'targetIncentive.basis': 'annual',
      'rounding.mode': 'half_up',
      'rounding.point': 'line',
      'totalCap.kind': '',
      'totalCap.amount': '',
      'crediting.allowOverlay': 'false',
      'crediting.rollup.enabled': 'false',
      'crediting.rollup.depth': '',
      'proration.method': 'calendar_days',
      'proration.quota': ['false', 'true'],
      'measures[0].id': 'loan_bookings',
      'measures[0].name': 'New loan bookings',
      'measures[0].source': 'amount',
      'measures[0].shareBasis': 'credit',
      'components[0].boundary': 'higher',
      'components[0].negativeTrueUp': 'pay',
      'components[0].cap.kind': '',
      'components[0].cap.amount': '',
      'components[0].gate.measure': '',
      'components[0].gate.minAttainment': '',
      'components[0].gate.scope': 'period',
      'components[0].gate.whenClosed.kind': 'amount',
      'components[0].gate.whenClosed.amount': '',
      'components[0].tiers[1].from': '0.5',
    };
    expect(sameDocument(applyFields(doc, untouched), doc)).toBe(true);
    // Changing one option writes that option only.
    const halfEven = applyFields(doc, { ...untouched, 'rounding.mode': 'half_even' });
    expect(halfEven.rounding).toEqual({ mode: 'half_even' });
    // A roll-up depth given alone says the roll-up is off (the schema has no default inside it).
    expect(applyFields(doc, { ...untouched, 'crediting.rollup.depth': '2' }).crediting).toEqual({ rollup: { depth: 2, enabled: false } });
  });

  it('caps and gates: an empty switch removes them, a kind change keeps the value under the kind’s key', () => {
    const capped = rm();
    expect(valueAt(capped, ['components', 0, 'cap'])).toEqual({ kind: 'share_of_target_incentive', share: 1.5 });
    const asAmount = applyFields(capped, { 'components[0].cap.kind': 'amount', 'components[0].cap.share': '20000' });
    expect(valueAt(asAmount, ['components', 0, 'cap'])).toEqual({ kind: 'amount', amount: '20000' });
    expect(valueAt(applyFields(capped, { 'components[0].cap.kind': '', 'components[0].cap.share': '1.5' }), ['components', 0, 'cap'])).toBeUndefined();
    const gated = applyFields(capped, {
      'components[0].gate.measure': 'deposits',
      'components[0].gate.minAttainment': '0.6',
      'components[0].gate.scope': 'period',
      'components[0].gate.whenClosed.kind': 'amount',
      'components[0].gate.whenClosed.amount': '0',
    });
    expect(valueAt(gated, ['components', 0, 'gate'])).toEqual({ measure: 'deposits', minAttainment: '0.6', whenClosed: { kind: 'amount', amount: '0' } });
    expect(validatePlan(gated).ok).toBe(true);
  });

  it('the plan’s id and format version and names outside the document are not taken from a form', () => {
    const out = applyFields(cb(), { id: 'OTHER', schemaVersion: '2', intent: 'save', 'components[7].id': 'x', '__proto__.polluted': 'yes' });
    expect(sameDocument(out, cb())).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('adds an empty row to a grid and removes a row', () => {
    const added = addRow(cb(), ['components', 0, 'tiers']);
    expect(valueAt(added, ['components', 0, 'tiers', 3])).toEqual({ from: '', rate: '' });
    const removed = removeRow(cb(), ['components', 0, 'tiers', 1]);
    expect((valueAt(removed, ['components', 0, 'tiers']) as unknown[]).length).toBe(2);
    expect(valueAt(removed, ['components', 0, 'tiers', 1])).toEqual({ from: 1, rate: 0.025 });
    const banded = addRow(rm(), ['components', 0, 'bands']);
    expect(valueAt(banded, ['components', 0, 'bands'])).toEqual([{ from: '', to: null, multiplier: '' }]);
    // Not a grid: nothing happens.
    expect(sameDocument(addRow(cb(), ['components']), cb())).toBe(true);
  });

  it('the defaults the form shows are the schema’s', () => {
    const parsed = Plan.parse({
      ...cb(),
      measures: [{ id: 'loan_bookings', source: 'amount' }],
      components: [
        {
          ...(cb().components as JsonObject[])[0],
          boundary: undefined,
          gate: { measure: 'loan_bookings', minAttainment: 0.5, whenClosed: { kind: 'amount', amount: 0 } },
        },
        {
          id: 'b',
          type: 'attainment_bonus',
          measure: 'loan_bookings',
          scope: 'period',
          targetShare: 1,
          curve: [
            { attainment: 0, payout: 0 },
            { attainment: 1, payout: 1 },
          ],
        },
        { id: 'm', type: 'mbo', targetShare: 1, objectives: [{ id: 'o', weight: 1 }] },
        { id: 'r', type: 'rate_table', measure: 'loan_bookings', basis: 'amount', method: 'marginal', scope: 'ptd', tiers: [{ from: 0, rate: 0 }] },
      ],
    });
    const out = parsed as unknown as JsonObject;
    for (const [shape, value] of Object.entries(editorDefaults)) {
      const concrete = shape
        .replace('components[].threshold', 'components[1].threshold')
        .replace('components[].maxScore', 'components[2].maxScore')
        .replace('components[].negativeTrueUp', 'components[3].negativeTrueUp')
        .replace('[]', '[0]');
      const path = parsePath(concrete)!;
      expect(valueAt(out, path), shape).toEqual(value);
      expect(defaultAt(path)).toEqual(value);
    }
  });
});

describe('placing the engine’s problems at their fields', () => {
  it('a negative tier rate is refused at that cell, with the schema’s message', () => {
    const doc = applyFields(cb(), { 'components[0].tiers[1].rate': '-0.015' });
    const checked = validatePlan(doc);
    if (checked.ok) throw new Error('a negative rate was accepted');
    const fields = ['components[0].tiers[0].rate', 'components[0].tiers[1].rate', 'components[0].tiers[1].from', 'name'];
    const { fieldErrors, placedAt } = placeProblems(checked.errors, fields);
    expect(fieldErrors).toEqual({ 'components[0].tiers[1].rate': 'must not be negative' });
    expect(placedAt).toEqual(['components[0].tiers[1].rate']);
  });

  it('a grid, a row, a part inside a field’s object or around it: the nearest place the form shows', () => {
    const fields = ['components[0].objectives[0].weight', 'components[0].objectives[1].weight', 'components[0].cap.kind', 'components[0].id', 'name'];
    const { fieldErrors, placedAt } = placeProblems(
      [
        { path: 'components[0].objectives', message: 'weights must add up to 1' },
        { path: 'components[0].objectives[1]', message: 'Unrecognized key: "x"' },
        { path: 'components[0].cap', message: 'Invalid input' },
        { path: 'components[0].filter.dateTo', message: 'must not be before dateFrom' },
        { path: '(plan)', message: 'Invalid input' },
      ],
      fields,
    );
    expect(placedAt).toEqual(['components[0].objectives', 'components[0].objectives[1]', 'components[0].cap.kind', 'components[0]', null]);
    expect(fieldErrors['components[0].cap.kind']).toBe('Invalid input');
  });

  it('a value that is not a decimal is not also called negative', () => {
    const checked = validatePlan(applyFields(cb(), { 'components[0].tiers[1].rate': 'abc' }));
    if (checked.ok) throw new Error('accepted');
    expect(tidyProblems(checked.errors)).toEqual([{ path: 'components[0].tiers[1].rate', message: 'must be a decimal number such as 12.5' }]);
  });
});
