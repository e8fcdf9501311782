import { z } from 'zod';
import { raiseChange } from '../changes/raise';
import { defineCommand } from '../command';
import { applyCycleEvent, loadCycleFor } from '../e3/cycle';
import { formatKpi, kpiDefinition } from '../e3/kpis';
import { notFound, refused } from '../errors';
import { id, text, version } from '../input';
import { e3EventProblem } from '../machines/e3-cycle';

export const raiseChangeFromFindingInput = z.object({
  projectId: id(),
  expectedVersion: version(),
  review: id(),
  finding: id(),
  title: text({ max: 200, min: 5, message: 'Give the change a title (at least 5 characters).' }),
});

/**
 * A finding of a signed review becomes a change request, raised as any other (decided by the cycle's
 * sponsor) with the finding's evidence in its description, and the finding keeps the link; in one
 * transaction, so there is never a change without its finding or a finding pointing nowhere.
 */
export const raiseChangeFromFinding = defineCommand({
  input: raiseChangeFromFindingInput,
  handle: (step, data) => {
    const { tx, actor, at } = step;
    const loaded = loadCycleFor(tx, actor, data.projectId, 'e3.write');
    const finding = loaded.context.reviews.find((r) => r.number === data.review)?.findings.find((f) => f.number === data.finding);
    if (!finding) throw notFound(`Review ${data.review} has no finding ${data.finding}.`);
    // Ask the machine first, so nothing is raised for a finding it would not link.
    const probe = {
      type: 'LINK_CHANGE' as const,
      actor: loaded.party,
      at: at.toISOString(),
      review: data.review,
      finding: data.finding,
      change: { id: 0, key: '' },
    };
    const problem = e3EventProblem(loaded.context, probe);
    if (problem) throw refused(problem);
    const label = kpiDefinition(finding.kpi)?.label ?? finding.kpi;
    const change = raiseChange(step, {
      projectId: data.projectId,
      title: data.title,
      description: `From E3 cycle ${loaded.cycle.number}, review ${data.review}, finding ${data.finding} (${label}: ${formatKpi(finding.kpi, finding.value)} against a baseline of ${formatKpi(finding.kpi, finding.baseline)} and a target of ${formatKpi(finding.kpi, finding.target)}).\n\n${finding.note}`,
      deciderId: loaded.cycle.sponsorId,
    });
    applyCycleEvent(tx, loaded, {
      event: { ...probe, change: { id: change.id, key: change.key } },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'e3.finding_to_change',
      detail: `Finding ${data.finding} of review ${data.review} became ${change.key}.`,
    });
    return change;
  },
});
