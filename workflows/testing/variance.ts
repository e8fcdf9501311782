import { createHash } from 'node:crypto';
import type { VarianceLine } from '~/db/schema';

/** The fingerprint a variance report's signatures name: its lines and totals. */
export const reportFingerprint = (lines: VarianceLine[], totals: object) =>
  createHash('sha256')
    .update(JSON.stringify([lines, totals]))
    .digest('hex');
