import { data } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import { toCsv } from '~/app/http/csv';
import { computeImpact, impactRef, sourceFromUrl, uploadedSource } from '~/app/plans/impact.server';
import type { ImpactSource, PlanImpact } from '~/workflows/plans/impact';
import type { Actor } from '~/workflows/policy/roles';
import type { Route } from './+types/plan-impact-csv';

/**
 * Every participant's impact as CSV, the largest rise first and the largest fall last: the same
 * computation as the page (`?source=case:12` or `run:3`; POST with the four files for an uploaded
 * dataset, which is not stored). A dataset the engine refuses, or no version in effect, is a 422 in words.
 */
async function impactCsv(actor: Actor, params: Route.LoaderArgs['params'], source: ImpactSource, name: string) {
  const ref = impactRef(params);
  const impact: PlanImpact = await computeImpact(actor, ref, source);
  const { outcome } = impact;
  if (outcome.kind === 'nothing in effect') throw data('No version of this plan is in effect: there is nothing to compare with.', { status: 422 });
  if (outcome.kind === 'refused')
    throw data(
      outcome.refusals.flatMap((r) => r.problems.map((p) => `Version ${r.version}: ${p.file}${p.line ? ` line ${p.line}` : ''}: ${p.message}`)).join('\n'),
      { status: 422 },
    );
  const csv = toCsv(
    ['participant_id', 'name', `before_v${impact.before?.number}`, `after_v${impact.after.number}`, 'difference'],
    outcome.participants.map((p) => [p.participantId, p.name, p.before, p.after, p.difference]),
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="plan-${ref.planId}-v${ref.number}-impact-${name}.csv"`,
    },
  });
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireUser(request);
  const source = sourceFromUrl(request);
  if (!source) throw data('Choose a dataset: ?source=case:<id> or ?source=run:<id>.', { status: 400 });
  return impactCsv(actor, params, source, source.kind === 'case' ? `case-${source.caseId}` : `run-${source.runId}`);
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireUser(request);
  const upload = await uploadedSource(request);
  if (!upload.ok) return upload.refusal;
  return impactCsv(actor, params, upload.source, 'uploaded');
}
