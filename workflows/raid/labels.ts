import type { RaidType } from '~/db/schema';

/** Words and limits the RAID pages show, in a module with no database behind it (the browser bundle reads it). */
export const raidTypeLabels: Record<RaidType, string> = {
  risk: 'Risk',
  assumption: 'Assumption',
  issue: 'Issue',
  dependency: 'Dependency',
  action: 'Action',
  decision: 'Decision',
};
export const raidTypeOptions = Object.entries(raidTypeLabels) as [RaidType, string][];

export const severityLabels: Record<number, string> = { 1: '1 critical', 2: '2 high', 3: '3 medium', 4: '4 minor' };

/** The columns an import reads (the export writes them too, with the key, status and computed columns, which an import ignores). */
export const raidImportColumns = [
  'type',
  'title',
  'description',
  'owner_email',
  'shared_with_firm',
  'probability',
  'impact',
  'mitigation',
  'next_review_date',
  'validate_by',
  'severity',
  'due_date',
  'resolution',
  'decided_by',
  'decided_on',
  'basis',
] as const;
export const maxRaidImportBytes = 1024 * 1024;
export const maxRaidImportRows = 2_000;
export const raidImportLimits = `at most 1 MB and ${maxRaidImportRows.toLocaleString('en-US')} rows`;
export const raidImportTooLarge = `The file is larger than 1 MB. Split it into files of ${raidImportLimits}.`;
