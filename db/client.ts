import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';

/** A file path, ':memory:', or a serialized database (tests start from a seeded copy). */
export function openDatabase(path: string | Buffer) {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return drizzle(sqlite, { schema });
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
