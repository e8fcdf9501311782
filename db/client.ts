import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';

/** A file path, ':memory:', or a serialized database (tests start from a seeded copy). */
export function openDatabase(path: string | Buffer) {
  if (typeof path === 'string') createPrivately(path);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  reusePreparedStatements(sqlite);
  return drizzle(sqlite, { schema });
}

/**
 * drizzle prepares every query anew; compiling the SQL again was a tenth of a page's server time under
 * load. The same SQL text gets the same compiled statement back (up to `max` texts, least recently used
 * dropped). drizzle switches a statement to array rows with `raw()`; a reused one is switched back, so
 * every caller gets the mode it asks for.
 */
function reusePreparedStatements(sqlite: Database.Database, max = 500) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
      if (stmt.reader) stmt.raw(false);
    } else {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

/**
 * A new database file is created readable and writable by its owner only (0600): it holds password
 * hashes and sessions. SQLite gives its -wal and -shm files the same mode. An existing file is left as it is.
 */
function createPrivately(path: string) {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export type DB = ReturnType<typeof openDatabase>;
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
/** Either the database or a transaction on it: read models accept both. */
export type Conn = DB | Tx;

export const defaultDatabasePath = './data/portal.sqlite';

let shared: DB | undefined;

/** The process-wide database the web app uses (DATABASE_PATH or ./data/portal.sqlite). */
export function getDb(): DB {
  shared ??= openDatabase(process.env.DATABASE_PATH || defaultDatabasePath);
  return shared;
}
