import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';

describe('statements are compiled once per SQL text', () => {
  it('gives the same compiled statement back for the same text', () => {
    const db = openDatabase(':memory:');
    expect(db.$client.prepare('SELECT 1 AS a')).toBe(db.$client.prepare('SELECT 1 AS a'));
  });

  it('answers objects again after drizzle used the same statement for array rows', () => {
    const db = openDatabase(':memory:');
    db.$client.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')");
    expect(db.$client.prepare('SELECT a, b FROM t').raw().get()).toEqual([1, 'x']);
    expect(db.$client.prepare('SELECT a, b FROM t').get()).toEqual({ a: 1, b: 'x' });
    expect(db.all(sql`SELECT a, b FROM t`)).toEqual([{ a: 1, b: 'x' }]);
  });

  it('keeps statements that change data working when reused', () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (a INTEGER)');
    for (let i = 0; i < 3; i++) db.$client.prepare('INSERT INTO t VALUES (?)').run(i);
    expect(db.$client.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
  });
});
