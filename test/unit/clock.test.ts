import { afterEach, describe, expect, it } from 'vitest';
import { dayOf, isoDay, nowOf, today } from '~/workflows/clock';

describe('the portal clock', () => {
  const pinned = process.env.PORTAL_TODAY;
  afterEach(() => {
    process.env.PORTAL_TODAY = pinned;
  });

  it('runs on the real day without PORTAL_TODAY', () => {
    delete process.env.PORTAL_TODAY;
    expect(today()).toBe(isoDay(new Date()));
    expect(Math.abs(nowOf().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('runs the whole clock on the pinned day with PORTAL_TODAY, keeping the time of day', () => {
    process.env.PORTAL_TODAY = '2026-03-15';
    expect(today()).toBe('2026-03-15');
    expect(dayOf()).toBe('2026-03-15');
    const real = new Date();
    const shifted = nowOf();
    expect(isoDay(shifted)).toBe('2026-03-15');
    expect(Math.abs((shifted.getTime() % 86_400_000) - (real.getTime() % 86_400_000))).toBeLessThan(1000);
  });

  it('leaves a replayed moment alone', () => {
    process.env.PORTAL_TODAY = '2026-03-15';
    const replayed = new Date('2026-07-01T10:00:00Z');
    expect(nowOf(replayed)).toBe(replayed);
    expect(dayOf(replayed)).toBe('2026-07-01');
  });
});
