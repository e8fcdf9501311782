import { diffLines } from '../requirements/diff';
import type { planSummary } from '../testing/plan-summary';

type Summary = ReturnType<typeof planSummary>;

/** One sentence of the plan in words, on one side of the comparison: kept, or only on this side. */
export type WordsLine = { text: string; op: 'same' | 'removed' | 'added' };

/**
 * A component of the two versions side by side: `before` holds the sentences of the version in effect
 * (the ones this version drops marked removed), `after` those of this version (new ones marked added).
 */
export type ComponentDiff = {
  id: string;
  name: string;
  status: 'unchanged' | 'changed' | 'added' | 'removed';
  before: WordsLine[] | null;
  after: WordsLine[] | null;
};

export type SectionDiff = { before: WordsLine[]; after: WordsLine[]; changed: boolean };

export type WordsDiff = { facts: SectionDiff; measures: SectionDiff; components: ComponentDiff[]; changed: boolean };

/** Two lists of sentences compared in order (longest common subsequence), each side keeping its own sentences. */
function sides(a: string[], b: string[]): SectionDiff {
  const lines = diffLines(a, b);
  return {
    before: lines.filter((l) => l.op !== 'added').map((l) => ({ text: l.text, op: l.op })),
    after: lines.filter((l) => l.op !== 'removed').map((l) => ({ text: l.text, op: l.op })),
    changed: lines.some((l) => l.op !== 'same'),
  };
}

/**
 * The plan in words of the version in effect and of another version, compared sentence by sentence:
 * the plan-wide facts and the measures as lists, the components matched by their id (a component's
 * name is one of its sentences, so a renamed component reads as changed). The order of the components
 * is this version's, with the ones it drops after them.
 */
export function diffPlanInWords(before: Summary, after: Summary): WordsDiff {
  const beforeById = new Map(before.components.map((c) => [c.id, c]));
  const afterIds = new Set(after.components.map((c) => c.id));
  const heading = (c: Summary['components'][number]) => `${c.name} (${c.type})`;
  const components: ComponentDiff[] = after.components.map((c) => {
    const old = beforeById.get(c.id);
    if (!old) return { id: c.id, name: c.name, status: 'added', before: null, after: [heading(c), ...c.lines].map((text) => ({ text, op: 'added' })) };
    const s = sides([heading(old), ...old.lines], [heading(c), ...c.lines]);
    return { id: c.id, name: c.name, status: s.changed ? 'changed' : 'unchanged', before: s.before, after: s.after };
  });
  for (const old of before.components)
    if (!afterIds.has(old.id))
      components.push({
        id: old.id,
        name: old.name,
        status: 'removed',
        before: [heading(old), ...old.lines].map((text) => ({ text, op: 'removed' })),
        after: null,
      });
  const facts = sides(before.facts, after.facts);
  const measures = sides(before.measures, after.measures);
  return { facts, measures, components, changed: facts.changed || measures.changed || components.some((c) => c.status !== 'unchanged') };
}
