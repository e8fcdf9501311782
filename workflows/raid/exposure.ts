/**
 * A risk's exposure: probability × impact, each 1 to 5, so 1 to 25. Computed wherever it is shown (the
 * grid, the item, the export), never entered or stored. The bands name what the grid colours.
 */
export function exposureOf(item: { type: string; probability: number | null; impact: number | null }): number | null {
  if (item.type !== 'risk' || item.probability === null || item.impact === null) return null;
  return item.probability * item.impact;
}

/** High from 15 (e.g. 3 × 5, 4 × 4), medium from 8 (e.g. 2 × 4, 3 × 3), low below. */
export function exposureBand(exposure: number): 'high' | 'medium' | 'low' {
  if (exposure >= 15) return 'high';
  if (exposure >= 8) return 'medium';
  return 'low';
}
