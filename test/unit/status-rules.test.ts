/**
 * Issue 14, acceptance 2 (rules): each status rule turns amber and red at its thresholds, exactly; a
 * threshold of 0 is off; the project's colour is its worst rule's, and the reasons name the rules that
 * are not green, worst first, with their figures.
 */
import { describe, expect, it } from 'vitest';
import { colourOf, computeStatus, defaultThresholds, type Signals, statusRuleIds, type Thresholds } from '~/workflows/status/rules';

const quiet = (): Signals => Object.fromEntries(statusRuleIds.map((id) => [id, { figure: 0, detail: '' }])) as Signals;

describe('status rules (issue 14)', () => {
  it.each(statusRuleIds)('%s: green below amber, amber from amber, red from red (default thresholds)', (id) => {
    const t = defaultThresholds[id];
    const at = (figure: number) => computeStatus({ ...quiet(), [id]: { figure, detail: 'why' } }, defaultThresholds).rules.find((r) => r.id === id)!.colour;
    expect(at(t.amber - 1)).toBe('green');
    expect(at(t.amber)).toBe(t.red === t.amber ? 'red' : 'amber');
    if (t.red > t.amber) expect(at(t.red - 1)).toBe('amber');
    expect(at(t.red)).toBe('red');
    expect(at(t.red + 10)).toBe('red');
  });

  it('a threshold of 0 switches that colour off', () => {
    expect(colourOf(50, { amber: 0, red: 0 })).toBe('green');
    expect(colourOf(50, { amber: 3, red: 0 })).toBe('amber');
    expect(colourOf(50, { amber: 0, red: 10 })).toBe('red');
    expect(colourOf(2, { amber: 0, red: 10 })).toBe('green');
  });

  it('the worst rule gives the colour; the reasons list the rules not green, worst first, with figures and details', () => {
    const s = computeStatus(
      {
        ...quiet(),
        overdueMilestones: { figure: 1, detail: 'Build complete, due 2026-10-29' },
        overdueGates: { figure: 1, detail: 'Assess, planned to end 2026-11-11' },
        suspectLinks: { figure: 2, detail: 'REQ-001, REQ-004' },
      },
      defaultThresholds,
    );
    expect(s.colour).toBe('red');
    expect(s.reasons).toEqual([
      'Gates past their phase’s planned end: 1 gate (Assess, planned to end 2026-11-11).',
      'Milestones past their due date: 1 milestone (Build complete, due 2026-10-29).',
    ]);
    expect(computeStatus(quiet(), defaultThresholds)).toMatchObject({ colour: 'green', reasons: [] });
  });

  it('thresholds are data: a methodology with looser ones reads the same figures as green', () => {
    const loose: Thresholds = { ...defaultThresholds, overdueMilestones: { amber: 2, red: 4 } };
    const signals = { ...quiet(), overdueMilestones: { figure: 1, detail: '' } };
    expect(computeStatus(signals, defaultThresholds).colour).toBe('amber');
    expect(computeStatus(signals, loose).colour).toBe('green');
  });
});
