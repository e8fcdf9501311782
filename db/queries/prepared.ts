import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Conn } from '../client';

/**
 * A query every request runs, built once per connection instead of once per call: drizzle builds the
 * SQL anew at each call, which was a sixth of a page's server time under load. A transaction is a new
 * connection object, so inside one the query is built once per transaction.
 */
export function builtOncePer<Q>(build: (conn: Conn) => Q): (conn: Conn) => Q {
  const built = new WeakMap<Conn, Q>();
  return (conn) => {
    let query = built.get(conn);
    if (!query) {
      query = build(conn);
      built.set(conn, query);
    }
    return query;
  };
}

/**
 * `column IN (the list)` with the list as one placeholder (a JSON array read by json_each), so a query
 * over "these projects" is prepared once whatever the number of projects. Values are compared as SQLite
 * stores them: a JSON column's values (a workflow state) are passed through `storedJson`.
 */
export const inList = (column: SQLiteColumn | SQL, placeholder: string) => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;

/** A list's value for an `inList` placeholder. */
export const listValue = (values: readonly (string | number)[]) => JSON.stringify(values);

/** A list's value for an `inList` placeholder on a JSON column: each value as the column stores it. */
export const storedJson = (values: readonly unknown[]) => JSON.stringify(values.map((v) => JSON.stringify(v)));
