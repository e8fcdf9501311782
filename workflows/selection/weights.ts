import { z } from 'zod';

/** A weight as typed: 0 to 100 with at most two decimals, kept as text so it is stored and summed exactly. */
export const weight = () =>
  z
    .string('Give the weight, e.g. 20 or 12.5.')
    .trim()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, 'A weight is a number from 0 to 100 with at most two decimals.')
    .refine((v) => Number(v) <= 100, 'A weight is at most 100.')
    .transform((v) => v.replace(/^0+(?=\d)/, ''));
