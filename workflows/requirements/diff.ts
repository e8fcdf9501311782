import type { WorkedExample } from '~/db/schema';

type VersionText = {
  title: string;
  description: string;
  category: string;
  priority: string;
  owner: string;
  phaseKey: string;
  acceptanceCriteria: string[];
  examples: WorkedExample[];
};

/** A version as readable lines, so two versions can be compared line by line. */
export function versionLines(v: VersionText): string[] {
  return [
    `Title: ${v.title}`,
    `Category: ${v.category} · Priority: ${v.priority} · Owner: ${v.owner} · Phase: ${v.phaseKey}`,
    'Description:',
    ...v.description.split('\n').map((l) => `  ${l}`),
    'Acceptance criteria:',
    ...v.acceptanceCriteria.map((c, i) => `  ${i + 1}. ${c}`),
    ...v.examples.flatMap((e) => [
      `Worked example: ${e.name}`,
      ...e.inputs.map((i) => `  input ${i.label} = ${i.value}`),
      ...e.expected.map((x) => `  expected ${x.component} = ${x.amount}`),
    ]),
  ];
}

export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string };

/** Line diff by longest common subsequence (versions are short: quadratic is fine). */
export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'removed', text: a[i++]! });
    else out.push({ op: 'added', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'removed', text: a[i++]! });
  while (j < m) out.push({ op: 'added', text: b[j++]! });
  return out;
}
