import { data } from 'react-router';
import { readFormWithin } from '~/app/http/body.server';
import { type ActionError, idParam } from '~/app/http/route.server';
import { DomainError } from '~/workflows/errors';
import { inWorker } from '~/workflows/jobs/pool';
import { type ImpactSource, type PlanImpact, parseImpactSource, uploadedDataset } from '~/workflows/plans/impact';
import type { Actor } from '~/workflows/policy/roles';
import { datasetLimits, maxDatasetFormBytes } from '~/workflows/testing/payout-case';

/** The version an impact page or export is about, from its URL. */
export const impactRef = (params: { projectId?: string; planId?: string; number?: string }) => ({
  projectId: idParam(params.projectId),
  planId: idParam(params.planId),
  number: idParam(params.number),
});

/**
 * The impact of a version on a dataset, computed in the worker thread (two full engine runs of up to
 * three 50,000-row files do not hold up other requests). A refusal (not found, forbidden, a dataset
 * over its limits) is thrown as the answer the page's error boundary or form shows.
 */
export async function computeImpact(actor: Actor, ref: ReturnType<typeof impactRef>, source: ImpactSource): Promise<PlanImpact> {
  try {
    return await inWorker({ name: 'planImpact', actor, input: { ref, source } });
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
}

/** `?source=case:12` or `?source=run:3` as a source; a value that names neither is a 400. */
export function sourceFromUrl(request: Request) {
  const value = new URL(request.url).searchParams.get('source');
  if (value === null || value === '') return null;
  const source = parseImpactSource(value);
  if (!source) throw data('Choose a dataset from the list.', { status: 400 });
  return source;
}

/**
 * A dataset posted with the page's upload form (the four files, within the payout case limits), read
 * for this comparison only: it is never stored. Its refusal is the form's answer (413, or field errors).
 */
export async function uploadedSource(
  request: Request,
): Promise<{ ok: true; source: ImpactSource } | { ok: false; refusal: ReturnType<typeof data<ActionError>> }> {
  const read = await readFormWithin(request, { maxBytes: maxDatasetFormBytes, tooLarge: `The files are larger than the limit: ${datasetLimits} per file.` });
  if (!read.ok) return read;
  const text = async (k: string) => {
    const v = read.form.get(k);
    return v instanceof File ? await v.text() : String(v ?? '');
  };
  try {
    const dataset = uploadedDataset({
      period: await text('period'),
      participantsCsv: await text('participantsCsv'),
      quotasCsv: await text('quotasCsv'),
      transactionsCsv: await text('transactionsCsv'),
    });
    return { ok: true, source: { kind: 'upload', dataset } };
  } catch (error) {
    if (error instanceof DomainError)
      return {
        ok: false,
        refusal: data<ActionError>({ error: error.message, fieldErrors: error.fieldErrors, problems: error.problems }, { status: error.status }),
      };
    throw error;
  }
}
