/** A requirement form as the page posts it, valid as it stands; a test overrides the fields it is about. */
export const requirementForm = (ownerId: number, overrides: Record<string, string> = {}): Record<string, string> => ({
  title: 'Managers receive roll-up credit for their team',
  description: 'Revised.',
  category: 'crediting',
  priority: 'must',
  ownerId: String(ownerId),
  phaseKey: 'scope',
  acceptanceCriteria: 'Revised criterion',
  examples: '[]',
  ...overrides,
});
