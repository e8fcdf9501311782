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
