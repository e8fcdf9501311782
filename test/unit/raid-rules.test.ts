import { describe, expect, it } from 'vitest';
import { exposureBand, exposureOf } from '~/workflows/raid/exposure';
import { isRaidOverdue, type OverdueFacts, raidDeadlineOf } from '~/workflows/raid/overdue';

const item = (over: Partial<OverdueFacts>): OverdueFacts => ({ type: 'risk', status: 'open', nextReviewDate: null, validateBy: null, dueDate: null, ...over });

describe('a RAID item is overdue', () => {
  it.each([
    ['risk', { nextReviewDate: '2026-11-30' }],
    ['assumption', { validateBy: '2026-11-30' }],
    ['issue', { dueDate: '2026-11-30' }],
    ['action', { dueDate: '2026-11-30' }],
  ] as const)('an open %s: not on its date, from the day after', (type, dates) => {
    expect(isRaidOverdue(item({ type, ...dates }), '2026-11-29')).toBe(false);
    expect(isRaidOverdue(item({ type, ...dates }), '2026-11-30')).toBe(false);
    expect(isRaidOverdue(item({ type, ...dates }), '2026-12-01')).toBe(true);
  });

  it('reads only the date of its own type', () => {
    expect(isRaidOverdue(item({ type: 'risk', dueDate: '2026-01-01', validateBy: '2026-01-01' }), '2026-12-01')).toBe(false);
    expect(isRaidOverdue(item({ type: 'assumption', nextReviewDate: '2026-01-01', dueDate: '2026-01-01' }), '2026-12-01')).toBe(false);
    expect(isRaidOverdue(item({ type: 'issue', nextReviewDate: '2026-01-01' }), '2026-12-01')).toBe(false);
  });

  it('never when closed, nor a dependency or a decision', () => {
    expect(isRaidOverdue(item({ type: 'issue', status: 'closed', dueDate: '2026-01-01' }), '2026-12-01')).toBe(false);
    expect(isRaidOverdue(item({ type: 'dependency', dueDate: '2026-01-01' }), '2026-12-01')).toBe(false);
    expect(isRaidOverdue(item({ type: 'decision', dueDate: '2026-01-01' }), '2026-12-01')).toBe(false);
    expect(raidDeadlineOf(item({ type: 'decision' }))).toBeNull();
  });

  it('names the date it is held to', () => {
    expect(raidDeadlineOf(item({ type: 'risk', nextReviewDate: '2026-12-15' }))).toEqual({ date: '2026-12-15', label: 'next review' });
    expect(raidDeadlineOf(item({ type: 'assumption', validateBy: '2027-01-15' }))).toEqual({ date: '2027-01-15', label: 'validate by' });
    expect(raidDeadlineOf(item({ type: 'action', dueDate: '2026-12-10' }))).toEqual({ date: '2026-12-10', label: 'due' });
  });
});

describe('a risk’s exposure', () => {
  it('is probability × impact, 1 to 25, for risks only', () => {
    expect(exposureOf({ type: 'risk', probability: 1, impact: 1 })).toBe(1);
    expect(exposureOf({ type: 'risk', probability: 5, impact: 5 })).toBe(25);
    expect(exposureOf({ type: 'risk', probability: 3, impact: 4 })).toBe(12);
    expect(exposureOf({ type: 'issue', probability: 3, impact: 4 })).toBeNull();
    expect(exposureOf({ type: 'risk', probability: null, impact: 4 })).toBeNull();
  });

  it('is banded high from 15, medium from 8', () => {
    expect(exposureBand(25)).toBe('high');
    expect(exposureBand(15)).toBe('high');
    expect(exposureBand(14)).toBe('medium');
    expect(exposureBand(8)).toBe('medium');
    expect(exposureBand(7)).toBe('low');
    expect(exposureBand(1)).toBe('low');
  });
});
