/**
 * The DuckDB side of `npm run bench:duckdb` (scripts/compare-duckdb.ts), run in its own process:
 * DuckDB reads the bench's transactions, quotas and participants CSV files, sums each payee's
 * bookings credit (types new and upsell; a split row credits each member its credit share) per
 * quarter, and pays three marginal tiers on the quarter's attainment (4 % to 80 %, 6.5 % to 120 %,
 * 9 % above), capped at 2.5 quarterly target incentives and rounded half up to the cent: the bench
 * plan's commission for the first quarter of the year, where period-to-date is the period.
 * Plain JavaScript so that its start is not charged a TypeScript transform the engine's CLI no longer
 * pays either. Usage: node scripts/duckdb-commission.mjs DIR OUT.json
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  process.stderr.write('usage: node scripts/duckdb-commission.mjs DIR OUT.json\n');
  process.exit(2);
}
const csv = (f) => `'${join(dir, f).replaceAll("'", "''")}'`;

const sql = `
WITH t AS (
  SELECT * FROM read_csv(${csv('transactions.csv')}, header = true, columns = {
    'transaction_id': 'VARCHAR', 'date': 'DATE', 'participant_id': 'VARCHAR', 'amount': 'DECIMAL(18,6)',
    'quantity': 'DECIMAL(18,6)', 'product': 'VARCHAR', 'type': 'VARCHAR', 'status': 'VARCHAR', 'split': 'VARCHAR'})
  WHERE type IN ('new', 'upsell') AND status IN ('booked', 'paid')
),
credit AS (
  SELECT participant_id AS pid, date, amount AS credit FROM t WHERE split IS NULL
  UNION ALL
  SELECT split_part(part, ':', 1) AS pid, date,
         amount * CAST(split_part(split_part(part, ':', 2), '/', 1) AS DECIMAL(18,6)) AS credit
  FROM (SELECT date, amount, unnest(string_split(split, ';')) AS part FROM t WHERE split IS NOT NULL)
),
sums AS (
  SELECT pid, year(date) || '-Q' || quarter(date) AS period, sum(credit) AS credit FROM credit GROUP BY ALL
),
quota AS (
  SELECT participant_id AS pid, period, CAST(quota AS DECIMAL(18,6)) AS quota
  FROM read_csv(${csv('quotas.csv')}, header = true, all_varchar = true) WHERE measure = 'bookings'
),
ti AS (
  SELECT participant_id AS pid, CAST(target_incentive AS DECIMAL(18,6)) AS ti
  FROM read_csv(${csv('participants.csv')}, header = true, all_varchar = true)
)
SELECT s.period, s.pid, CAST(round(least(
    0.04 * least(s.credit, 0.8 * q.quota)
  + 0.065 * greatest(least(s.credit, 1.2 * q.quota) - 0.8 * q.quota, 0)
  + 0.09 * greatest(s.credit - 1.2 * q.quota, 0),
  2.5 * ti.ti / 4), 2) AS VARCHAR) AS commission
FROM sums s JOIN quota q USING (pid, period) JOIN ti USING (pid)
ORDER BY s.period, s.pid`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowsJson();
writeFileSync(out, JSON.stringify(rows));
connection.closeSync();
