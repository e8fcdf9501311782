import { type SQL, sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, integer, text } from 'drizzle-orm/sqlite-core';

/** Instants are stored as ISO-8601 text in UTC so they sort, read and diff plainly. */
export const instant = (name: string) => text(name);

/** Calendar dates (no time of day) as YYYY-MM-DD text. */
export const day = (name: string) => text(name);

export const id = () => integer('id').primaryKey({ autoIncrement: true });

/** JSON documents stored as text; parsed by the reader that owns the shape. */
export const json = (name: string) => text(name, { mode: 'json' });

const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`);

/** A CHECK constraint keeping an enum-like column to its listed values, so no writer can store another. */
export const oneOf = (name: string, column: AnySQLiteColumn, values: readonly (string | number)[]) =>
  check(name, sql`${sql.identifier(column.name)} in (${sql.raw(values.map(literal).join(', '))})` as SQL);
