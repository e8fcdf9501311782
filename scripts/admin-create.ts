import { defaultDatabasePath, openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { createUser } from '~/workflows/commands/create-user';
import { DomainError } from '~/workflows/errors';
import { systemActor } from '~/workflows/policy/roles';

/** `npm run admin:create -- email "Full Name"` with ADMIN_PASSWORD set: the first admin of a production install. */
const [email, name] = process.argv.slice(2);
const password = process.env.ADMIN_PASSWORD ?? '';
if (!email || !name || !password) {
  console.error('Usage: ADMIN_PASSWORD=... npm run admin:create -- email "Full Name"');
  process.exit(2);
}
const db = openDatabase(process.env.DATABASE_PATH || defaultDatabasePath);
applyMigrations(db);
try {
  const user = await createUser({ db, actor: systemActor }, { email, name, password, isAdmin: true });
  console.log(`Created admin ${user.name} <${user.email}>.`);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error([error.message, ...Object.entries(error.fieldErrors).map(([f, m]) => `  ${f}: ${m}`)].join('\n'));
  process.exit(1);
}
