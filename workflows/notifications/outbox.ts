import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import type { DB } from '~/db/client';
import { unsentMail } from '~/db/queries/notifications';
import { mailOutbox } from '~/db/schema';

/** A message is tried this many times; after that it stays in the outbox with its last error for an admin to read. */
export const maxAttempts = 5;
export const defaultMailFrom = 'SPM Portal <portal@localhost>';

/** What sends one message (nodemailer's transport, or a test's stand-in). */
export type MailTransport = { sendMail: (message: { from: string; to: string; subject: string; text: string }) => Promise<unknown> };

/** The SMTP transport of SMTP_URL (`smtp://user:pass@host:587`, `smtps://...`), or null when it is not set. */
export function smtpTransport(url = process.env.SMTP_URL): MailTransport | null {
  return url ? createTransport(url) : null;
}

/**
 * Sends the outbox's unsent messages, oldest first, one at a time: each sent one is marked with the
 * time; a failure counts an attempt and keeps the error, and is tried again on the next run until it has
 * failed `maxAttempts` times (a server that cannot be reached ends the run at once, using up one attempt, not
 * one per message). The network is never awaited inside a transaction: each row is updated on
 * its own after its send. Returns how many were sent and how many failed.
 */
export async function sendOutbox(db: DB, transport: MailTransport, from = process.env.SMTP_FROM || defaultMailFrom) {
  let sent = 0;
  let failed = 0;
  let after = 0;
  for (let batch = unsentMail(db, maxAttempts, after); batch.length > 0; batch = unsentMail(db, maxAttempts, after))
    for (const message of batch) {
      after = message.id;
      try {
        await transport.sendMail({ from, to: message.toAddress, subject: message.subject, text: message.body });
        db.update(mailOutbox)
          .set({ sentAt: new Date().toISOString(), attempts: message.attempts + 1, lastError: null })
          .where(eq(mailOutbox.id, message.id))
          .run();
        sent += 1;
      } catch (error) {
        db.update(mailOutbox)
          .set({ attempts: message.attempts + 1, lastError: String((error as Error).message ?? error).slice(0, 500) })
          .where(eq(mailOutbox.id, message.id))
          .run();
        failed += 1;
        // The server cannot be reached: the other messages wait for the next run instead of each using up an attempt.
        if (serverErrors.has(String((error as { code?: unknown }).code))) return { sent, failed };
      }
    }
  return { sent, failed };
}

/** nodemailer's codes for a server that cannot be reached or refuses the connection (not one message). */
const serverErrors = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EAUTH', 'ETLS', 'ECONNREFUSED']);
