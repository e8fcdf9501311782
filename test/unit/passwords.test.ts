import { describe, expect, it } from 'vitest';
import {
  defaultPasswordHashCost,
  hashPassword,
  minimumPasswordHashCost,
  parsePasswordHashCost,
  passwordHashCost,
  verifyPassword,
  withPasswordHashCost,
} from '~/workflows/passwords';

const costOf = (hash: string) => Number(hash.split('$')[1]);

describe('password hash cost', () => {
  it('is 2^17 (OWASP) unless PASSWORD_HASH_COST says otherwise, and refuses values below the minimum or not a power of two', () => {
    expect(defaultPasswordHashCost).toBe(131072);
    expect(parsePasswordHashCost(undefined)).toBe(131072);
    expect(parsePasswordHashCost('')).toBe(131072);
    expect(parsePasswordHashCost('1024')).toBe(1024);
    expect(parsePasswordHashCost('65536')).toBe(65536);
    for (const bad of ['512', '1000', '15', 'fast', '-1024', '1e9']) {
      expect(() => parsePasswordHashCost(bad), bad).toThrow(/PASSWORD_HASH_COST must be a power of two from 1024/);
    }
  });

  it('names its cost in each hash, and a hash of either cost verifies whatever new hashes use now', async () => {
    const production = await withPasswordHashCost(defaultPasswordHashCost, () => hashPassword('correct horse battery'));
    const cheap = await withPasswordHashCost(minimumPasswordHashCost, () => hashPassword('correct horse battery'));
    expect(costOf(production)).toBe(131072);
    expect(costOf(cheap)).toBe(minimumPasswordHashCost);
    for (const stored of [production, cheap]) {
      expect(await verifyPassword('correct horse battery', stored)).toBe(true);
      expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
      expect(await withPasswordHashCost(4096, () => verifyPassword('correct horse battery', stored))).toBe(true);
    }
    expect(await verifyPassword('correct horse battery', production.replace('$131072$', '$131071$'))).toBe(false);
  });

  it('keeps a scoped cost inside its scope only', async () => {
    const outside = passwordHashCost();
    const inside = withPasswordHashCost(4096, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return passwordHashCost();
    });
    expect(passwordHashCost()).toBe(outside);
    expect(await inside).toBe(4096);
    expect(() => withPasswordHashCost(512, () => 0)).toThrow(/power of two from 1024/);
  });
});
