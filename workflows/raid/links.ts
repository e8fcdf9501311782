import type { RaidLinkTarget } from '~/db/schema';

/** What each kind of link target is called. */
export const raidLinkTargetLabels: Record<RaidLinkTarget, string> = {
  requirement: 'Requirement',
  deliverable: 'Deliverable',
  defect: 'Defect',
  raid: 'RAID item',
};
