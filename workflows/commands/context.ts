import type { DB } from '~/db/client';
import type { Actor } from '../policy/roles';

/** What every command receives: the database, who is acting, and (for replayed history) when. */
export type CommandContext = { db: DB; actor: Actor; now?: Date };

/**
 * Commands write in an IMMEDIATE transaction: the write lock is taken before anything is read, so two
 * processes acting at once are serialised instead of one failing with SQLITE_BUSY halfway.
 */
export const immediate = { behavior: 'immediate' } as const;
