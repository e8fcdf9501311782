import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScorecardTrend } from '~/app/components/ScorecardTrend';
import { addBusinessDays, businessDaysBetween, isBusinessDay } from '~/workflows/vendors/business-days';
import {
  type CommitmentHistory,
  computeScorecard,
  type DefectHistory,
  type DeliverableHistory,
  type Figure,
  gradeOf,
  type ScorecardInput,
} from '~/workflows/vendors/scorecard';

/*
 * Calendar used below (2026): Jan 1 is a Thursday; Fridays Jan 2, 9, 16, 23, 30; Sat Jan 31;
 * Mondays Feb 2, 9, 16, 23; Fri Feb 27, Sat Feb 28; Mon Mar 2, 9, 16, 23; Fri Mar 20 (today).
 */
const today = '2026-03-20';

const deliverables: DeliverableHistory[] = [
  // D01: accepted Jan 14, due Jan 15 -> on time (settled Jan 14), first pass, 0 days late.
  { key: 'D01', due: '2026-01-15', submissions: [{ on: '2026-01-12', outcome: 'accepted' }], acceptedOn: '2026-01-14' },
  // D02: rejected then accepted Jan 26, due Jan 20 -> late (settled on its due date Jan 20), second pass, 6 days late (Jan 26 - Jan 20), accepted in Jan.
  {
    key: 'D02',
    due: '2026-01-20',
    submissions: [
      { on: '2026-01-19', outcome: 'rejected' },
      { on: '2026-01-23', outcome: 'accepted' },
    ],
    acceptedOn: '2026-01-26',
  },
  // D03: submitted once before the due date Jan 30 but accepted Feb 2 -> late (settled Jan 30), first pass, 3 days late (Jan 30 -> Feb 2), accepted in Feb.
  { key: 'D03', due: '2026-01-30', submissions: [{ on: '2026-01-28', outcome: 'accepted' }], acceptedOn: '2026-02-02' },
  // D04: accepted on its due date Feb 10 -> on time (on the boundary), first pass, 0 days.
  { key: 'D04', due: '2026-02-10', submissions: [{ on: '2026-02-09', outcome: 'accepted' }], acceptedOn: '2026-02-10' },
  // D05: rejected twice, accepted Feb 25, due Feb 13 -> late (settled Feb 13), third pass, 12 days late.
  {
    key: 'D05',
    due: '2026-02-13',
    submissions: [
      { on: '2026-02-12', outcome: 'rejected' },
      { on: '2026-02-18', outcome: 'rejected' },
      { on: '2026-02-24', outcome: 'accepted' },
    ],
    acceptedOn: '2026-02-25',
  },
  // D06: accepted early (Feb 23, due Feb 27) -> on time, first pass, 0 days.
  { key: 'D06', due: '2026-02-27', submissions: [{ on: '2026-02-20', outcome: 'accepted' }], acceptedOn: '2026-02-23' },
  // D07: waived Mar 2, before its due date Mar 5 -> not counted anywhere.
  { key: 'D07', due: '2026-03-05', submissions: [], acceptedOn: null, waivedOn: '2026-03-02' },
  // D08: rejected, resubmission pending, due Mar 10, overdue today -> a late one settled Mar 10; not accepted, so not in first pass or days late.
  {
    key: 'D08',
    due: '2026-03-10',
    submissions: [
      { on: '2026-03-09', outcome: 'rejected' },
      { on: '2026-03-16', outcome: 'pending' },
    ],
    acceptedOn: null,
  },
  // D09: due Apr 15 (after today) but accepted Mar 13 -> on time (settled Mar 13), first pass, 0 days.
  { key: 'D09', due: '2026-04-15', submissions: [{ on: '2026-03-12', outcome: 'accepted' }], acceptedOn: '2026-03-13' },
  // D10: due Jan 27, never delivered, waived Feb 5, after its due date -> stays a late one, settled Jan 27.
  { key: 'D10', due: '2026-01-27', submissions: [], acceptedOn: null, waivedOn: '2026-02-05' },
  // D11: pending, due Apr 30 (after today) -> not judged yet: counted nowhere.
  { key: 'D11', due: '2026-04-30', submissions: [{ on: '2026-03-18', outcome: 'pending' }], acceptedOn: null },
];

// Default service level: severity 1-2 within 3 business days, 3 within 10, 4 within 20.
const defects: DefectHistory[] = [
  // F1 sev 1, UAT, opened Fri Jan 9: limit Mon 12 (1), Tue 13 (2), Wed 14 (3); fixed Wed 14 -> met, settled Jan 14 (across a weekend).
  { key: 'F1', severity: 1, foundIn: 'uat', openedOn: '2026-01-09', fixedOn: '2026-01-14' },
  // F2 sev 2, parallel run, opened Thu Jan 29: limit Fri 30 (1), Mon Feb 2 (2), Tue Feb 3 (3); fixed Feb 4 -> missed, settled Feb 4 (the day after the limit). Escaped, opened in Jan.
  { key: 'F2', severity: 2, foundIn: 'parallel', openedOn: '2026-01-29', fixedOn: '2026-02-04' },
  // F3 sev 3, UAT, opened Mon Feb 2: 10 business days -> Mon Feb 16; fixed Feb 12 -> met, settled Feb 12.
  { key: 'F3', severity: 3, foundIn: 'uat', openedOn: '2026-02-02', fixedOn: '2026-02-12' },
  // F4 sev 1, production, opened Mon Mar 2: limit Thu Mar 5; still open today -> missed, settled Mar 6. Escaped, opened in Mar.
  { key: 'F4', severity: 1, foundIn: 'production', openedOn: '2026-03-02', fixedOn: null },
  // F5 sev 2, UAT, opened Wed Mar 18: limit Thu 19 (1), Fri 20 (2), Mon 23 (3); open but within its limit today -> not counted for the service level. Found in UAT in Mar.
  { key: 'F5', severity: 2, foundIn: 'uat', openedOn: '2026-03-18', fixedOn: null },
  // F6 sev 4, found in system test: 20 business days from Fri Feb 27 -> Fri Mar 27; fixed Mar 3 -> met, settled Mar 3. Another stage: not in escaped defects.
  { key: 'F6', severity: 4, foundIn: 'sit', openedOn: '2026-02-27', fixedOn: '2026-03-03' },
];

const commitments: CommitmentHistory[] = [
  { text: 'Named consultant on site', due: '2026-01-31', status: 'met' }, // Jan: met
  { text: 'Interface specification by Feb 20', due: '2026-02-20', status: 'missed' }, // Feb: missed
  { text: 'Data migration dry run', due: '2026-03-27', status: 'open' }, // not counted
];

const history: ScorecardInput = { deliverables, defects, commitments, today };
const values = (f: Record<string, Figure>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.value]));
const ratio = (f: Figure) => `${f.numerator}/${f.denominator}`;

describe('the vendor scorecard of a hand-computed history (issue 12, acceptance 3)', () => {
  const card = computeScorecard(history);

  it('lists the months from the first date in the history up to today', () => {
    expect(card.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(card.asOf).toBe(today);
  });

  it('counts January: what was settled in it', () => {
    const jan = card.months[0]!.figures;
    // On time: D01 hit; D02 (due Jan 20), D10 (due Jan 27), D03 (due Jan 30) late -> 1/4 = 25.0 %
    expect(ratio(jan.onTime)).toBe('1/4');
    expect(jan.onTime.counted).toEqual(['D01', 'D02', 'D03', 'D10']);
    expect(jan.onTime.hits).toEqual(['D01']);
    // First pass: accepted in Jan are D01 (pass 1) and D02 (pass 2) -> 1/2 = 50.0 %
    // Days late: D01 0 + D02 6 = 6 over 2 -> 3.0
    // Service level: F1 met -> 1/1 = 100.0 %; escaped: opened in Jan F1 (UAT), F2 (parallel) -> 1/2 = 50.0 %
    // Commitments: the consultant met -> 1/1 = 100.0 %
    expect(values(jan)).toEqual({ onTime: '25.0', firstPass: '50.0', daysLate: '3.0', defectSla: '100.0', escapedDefects: '50.0', commitmentsMet: '100.0' });
    expect(jan.escapedDefects.hits).toEqual(['F2']);
  });

  it('counts February', () => {
    const feb = card.months[1]!.figures;
    // On time: D04 (on the due date) and D06 hits, D05 late -> 2/3 = 66.666... -> 66.7 %
    expect(ratio(feb.onTime)).toBe('2/3');
    // First pass: accepted in Feb D03 (1), D04 (1), D05 (3), D06 (1) -> 3/4 = 75.0 %
    expect(ratio(feb.firstPass)).toBe('3/4');
    // Days late: D03 3 + D04 0 + D05 12 + D06 0 = 15 over 4 = 3.75 -> 3.8 (half up)
    expect(ratio(feb.daysLate)).toBe('15/4');
    expect(feb.daysLate.hits).toEqual(['D03', 'D05']);
    // Service level: F2 missed (settled Feb 4), F3 met -> 1/2 = 50.0 %
    expect(feb.defectSla.counted).toEqual(['F2', 'F3']);
    // Escaped: opened in Feb F3 (UAT); F6 (system test) is not counted -> 0/1 = 0.0 %, not "not applicable"
    expect(feb.escapedDefects.counted).toEqual(['F3']);
    // Commitments: the interface specification missed -> 0/1 = 0.0 %
    expect(values(feb)).toEqual({ onTime: '66.7', firstPass: '75.0', daysLate: '3.8', defectSla: '50.0', escapedDefects: '0.0', commitmentsMet: '0.0' });
  });

  it('counts March, up to today: nothing settled there is a figure of nothing', () => {
    const mar = card.months[2]!.figures;
    // On time: D08 late (due Mar 10, not accepted), D09 accepted early -> 1/2; D07 waived, D11 not due: not counted
    expect(mar.onTime.counted).toEqual(['D08', 'D09']);
    // First pass: D09 -> 1/1 = 100.0 %; days late: D09 0 over 1 -> 0.0
    // Service level: F4 open past its limit (missed), F6 met; F5 within its limit -> not counted -> 1/2 = 50.0 %
    expect(mar.defectSla.counted).toEqual(['F4', 'F6']);
    expect(mar.defectSla.hits).toEqual(['F6']);
    // Escaped: F4 (production), F5 (UAT) -> 1/2 = 50.0 %
    // Commitments: none met or missed in March (the dry run is open) -> not applicable
    expect(values(mar)).toEqual({ onTime: '50.0', firstPass: '100.0', daysLate: '0.0', defectSla: '50.0', escapedDefects: '50.0', commitmentsMet: null });
    expect(ratio(mar.commitmentsMet)).toBe('0/0');
  });

  it('counts to date, and grades it', () => {
    const all = card.toDate;
    // On time 1+2+1 = 4 over 4+3+2 = 9 -> 44.44 -> 44.4 %; first pass 1+3+1 = 5 over 7 -> 71.43 -> 71.4 %
    // Days late 6+15+0 = 21 over 7 -> 3.0; service level 1+1+1 = 3 over 5 -> 60.0 %
    // Escaped 1+0+1 = 2 over 2+1+2 = 5 -> 40.0 %; commitments 1 over 2 -> 50.0 %
    expect(values(all)).toEqual({ onTime: '44.4', firstPass: '71.4', daysLate: '3.0', defectSla: '60.0', escapedDefects: '40.0', commitmentsMet: '50.0' });
    expect([ratio(all.onTime), ratio(all.firstPass), ratio(all.daysLate), ratio(all.defectSla), ratio(all.escapedDefects), ratio(all.commitmentsMet)]).toEqual([
      '4/9',
      '5/7',
      '21/7',
      '3/5',
      '2/5',
      '1/2',
    ]);
    // Against C (65, 50, 70, <= 30, 50): on time, service level and escaped fail; first pass and commitments hold.
    expect(card.grade).toEqual({
      letter: 'D',
      reason: 'D, not C: on-time delivery 44.4 % is below 65 %; defect service-level compliance 60.0 % is below 70 %; escaped defects 40.0 % is above 30 %.',
    });
  });

  it('draws the trend: the figures to date at the end of each month', () => {
    // End of Jan = January. End of Feb: on time 3/7 = 42.86 -> 42.9; first pass 4/6 = 66.7; days late 21/6 = 3.5;
    // service level 2/3 = 66.7; escaped 1/3 = 33.3; commitments 1/2 = 50.0. March ends today.
    expect(card.trend).toEqual([
      {
        month: '2026-01',
        asOf: '2026-01-31',
        onTime: '25.0',
        firstPass: '50.0',
        daysLate: '3.0',
        defectSla: '100.0',
        escapedDefects: '50.0',
        commitmentsMet: '100.0',
        grade: 'D',
      },
      {
        month: '2026-02',
        asOf: '2026-02-28',
        onTime: '42.9',
        firstPass: '66.7',
        daysLate: '3.5',
        defectSla: '66.7',
        escapedDefects: '33.3',
        commitmentsMet: '50.0',
        grade: 'D',
      },
      {
        month: '2026-03',
        asOf: today,
        onTime: '44.4',
        firstPass: '71.4',
        daysLate: '3.0',
        defectSla: '60.0',
        escapedDefects: '40.0',
        commitmentsMet: '50.0',
        grade: 'D',
      },
    ]);
  });

  it('shows each figure with its rule, and the grade rule from the thresholds', () => {
    expect(card.toDate.onTime.rule).toMatch(/accepted on or before their due date, out of deliverables accepted or already due/);
    expect(card.toDate.defectSla.rule).toContain('severity 1 within 3 business days, severity 2 within 3 business days, severity 3 within 10');
    expect(card.toDate.defectSla.rule).toContain('An open defect past its limit counts as a miss');
    expect(card.toDate.commitmentsMet.rule).toContain('open commitments are not counted');
    expect(card.gradeRule).toContain(
      'A: on-time delivery at least 90 %, first-pass acceptance at least 80 %, defect service-level compliance at least 95 %, escaped defects at most 10 %',
    );
    expect(card.gradeRule).toContain('not applicable');
  });

  it('reads the history as it stood on an earlier day: later outcomes are not counted yet', () => {
    // On Feb 3: F2 (limit Feb 3, fixed Feb 4) is open but not yet past its limit -> service level: F1 only.
    const early = computeScorecard({ ...history, today: '2026-02-03' });
    expect(early.toDate.defectSla.counted).toEqual(['F1']);
    // D03 was accepted Feb 2: first pass now 2/3 (D01, D03 of D01, D02, D03).
    expect(ratio(early.toDate.firstPass)).toBe('2/3');
    expect(early.months.map((m) => m.month)).toEqual(['2026-01', '2026-02']);
  });
});

describe('a figure with nothing to count is not applicable, never 0 % or 100 %', () => {
  it('an empty history has no figures and no grade', () => {
    const card = computeScorecard({ deliverables: [], defects: [], commitments: [], today });
    expect(Object.values(values(card.toDate))).toEqual([null, null, null, null, null, null]);
    expect(card.grade.letter).toBeNull();
    expect(card.months.map((m) => m.month)).toEqual(['2026-03']);
  });

  it('a deliverable not yet due nor accepted, a defect within its limit and an open commitment count for nothing yet', () => {
    const card = computeScorecard({
      deliverables: [{ key: 'D', due: '2026-03-31', submissions: [{ on: '2026-03-19', outcome: 'pending' }], acceptedOn: null }],
      defects: [{ key: 'F', severity: 1, foundIn: 'sit', openedOn: '2026-03-19', fixedOn: null }],
      commitments: [{ text: 'C', due: '2026-03-31', status: 'open' }],
      today,
    });
    expect(values(card.toDate)).toEqual({ onTime: null, firstPass: null, daysLate: null, defectSla: null, escapedDefects: null, commitmentsMet: null });
    expect(card.trend[0]!.grade).toBeNull();
  });

  it('all late is 0.0 %, not "not applicable"', () => {
    const card = computeScorecard({ deliverables: [{ key: 'D', due: '2026-03-02', submissions: [], acceptedOn: null }], defects: [], commitments: [], today });
    expect(card.toDate.onTime.value).toBe('0.0');
    expect(card.toDate.firstPass.value).toBeNull();
    expect(card.toDate.daysLate.value).toBeNull();
  });

  it('a severity without a service level is not counted against it', () => {
    const card = computeScorecard({
      deliverables: [],
      defects: [{ key: 'F', severity: 4, foundIn: 'uat', openedOn: '2026-01-05', fixedOn: null }],
      commitments: [],
      serviceLevel: { businessDays: { 1: 1, 2: 2, 3: 5, 4: null }, holidays: [] },
      today,
    });
    expect(card.toDate.defectSla.value).toBeNull();
    expect(card.toDate.escapedDefects.value).toBe('0.0');
    expect(card.toDate.defectSla.rule).toContain('severity 4 has none');
  });
});

describe('the defect service level across a weekend', () => {
  const sla = (defect: Partial<DefectHistory>, day = today, holidays: string[] = []) =>
    computeScorecard({
      deliverables: [],
      defects: [{ key: 'F', severity: 1, foundIn: 'uat', openedOn: '2026-01-09', fixedOn: null, ...defect }],
      commitments: [],
      serviceLevel: { businessDays: { 1: 3, 2: 3, 3: 10, 4: 20 }, holidays },
      today: day,
    }).toDate.defectSla;

  it('opened on a Friday with 3 business days: fixed the next Wednesday is met, Thursday is a miss', () => {
    expect(sla({ fixedOn: '2026-01-14' }).value).toBe('100.0');
    expect(sla({ fixedOn: '2026-01-15' }).value).toBe('0.0');
  });

  it('opened on a Saturday: the weekend gives no days, so the limit is Wednesday too', () => {
    expect(sla({ openedOn: '2026-01-10', fixedOn: '2026-01-14' }).value).toBe('100.0');
    expect(sla({ openedOn: '2026-01-10', fixedOn: '2026-01-15' }).value).toBe('0.0');
  });

  it('an open defect is not counted on its last day and is a miss the day after', () => {
    expect(sla({}, '2026-01-14').value).toBeNull();
    expect(sla({}, '2026-01-15').value).toBe('0.0');
    expect(sla({}, '2026-01-15').counted).toEqual(['F']);
  });

  it('a holiday moves the limit a day on', () => {
    expect(sla({ fixedOn: '2026-01-15' }, today, ['2026-01-12']).value).toBe('100.0');
  });
});

describe('grade boundaries (thresholds compared with the figures as shown)', () => {
  const a = { onTime: '90.0', firstPass: '80.0', defectSla: '95.0', escapedDefects: '10.0', commitmentsMet: '90.0' };
  const c = { onTime: '65.0', firstPass: '50.0', defectSla: '70.0', escapedDefects: '30.0', commitmentsMet: '50.0' };

  it('exactly on every threshold of A is A', () => {
    expect(gradeOf(a)).toEqual({ letter: 'A', reason: 'A: every threshold of A holds.' });
  });

  it('a tenth below one threshold of A is B, naming what held it back', () => {
    expect(gradeOf({ ...a, onTime: '89.9' })).toEqual({ letter: 'B', reason: 'B, not A: on-time delivery 89.9 % is below 90 %.' });
    expect(gradeOf({ ...a, escapedDefects: '10.1' })).toEqual({ letter: 'B', reason: 'B, not A: escaped defects 10.1 % is above 10 %.' });
    expect(gradeOf({ ...a, firstPass: '65.0' }).letter).toBe('B');
    expect(gradeOf({ ...a, firstPass: '64.9' }).letter).toBe('C');
  });

  it('exactly on C is C; a tenth below it is D', () => {
    expect(gradeOf(c).letter).toBe('C');
    expect(gradeOf({ ...c, onTime: '64.9' })).toEqual({ letter: 'D', reason: 'D, not C: on-time delivery 64.9 % is below 65 %.' });
    expect(gradeOf({ ...c, commitmentsMet: '49.9' }).letter).toBe('D');
    expect(gradeOf({ ...c, defectSla: '69.9' }).letter).toBe('D');
    expect(gradeOf({ ...c, escapedDefects: '30.1' }).letter).toBe('D');
  });

  it('a not-applicable figure is left out; with none applicable there is no grade', () => {
    expect(gradeOf({ ...a, onTime: null, commitmentsMet: null }).letter).toBe('A');
    expect(gradeOf({ ...c, onTime: '0.0', firstPass: null }).letter).toBe('D');
    expect(gradeOf({ onTime: null, firstPass: null, defectSla: null, escapedDefects: null, commitmentsMet: null })).toEqual({
      letter: null,
      reason: 'Not graded: no figure is applicable yet.',
    });
  });
});

describe('business days', () => {
  it('adds business days over weekends, month ends and the year end', () => {
    expect(addBusinessDays('2026-01-09', 0)).toBe('2026-01-09'); // Friday, nothing added
    expect(addBusinessDays('2026-01-09', 1)).toBe('2026-01-12'); // Friday + 1 -> Monday
    expect(addBusinessDays('2026-01-09', 3)).toBe('2026-01-14'); // -> Wednesday
    expect(addBusinessDays('2026-01-10', 1)).toBe('2026-01-12'); // Saturday + 1 -> Monday
    expect(addBusinessDays('2026-01-11', 5)).toBe('2026-01-16'); // Sunday + 5 -> Friday
    expect(addBusinessDays('2026-01-30', 1)).toBe('2026-02-02'); // Fri Jan 30 -> Mon Feb 2
    expect(addBusinessDays('2026-02-26', 2)).toBe('2026-03-02'); // Thu Feb 26 -> Fri 27 (1) -> Mon Mar 2 (2)
    expect(addBusinessDays('2025-12-31', 3)).toBe('2026-01-05'); // Wed -> Thu Jan 1, Fri 2, Mon 5
    expect(addBusinessDays('2025-12-31', 3, ['2026-01-01'])).toBe('2026-01-06'); // New Year's Day off
    expect(addBusinessDays('2028-02-28', 2)).toBe('2028-03-01'); // Mon Feb 28 -> Tue 29 (leap) -> Wed Mar 1
  });

  it('counts business days after one day up to and including another', () => {
    expect(businessDaysBetween('2026-01-09', '2026-01-12')).toBe(1); // Fri -> Mon
    expect(businessDaysBetween('2026-01-09', '2026-01-16')).toBe(5); // Fri -> Fri
    expect(businessDaysBetween('2026-01-10', '2026-01-11')).toBe(0); // Sat -> Sun
    expect(businessDaysBetween('2026-01-09', '2026-01-09')).toBe(0);
    expect(businessDaysBetween('2026-02-02', '2026-01-30')).toBe(-1); // Mon back to Fri
    expect(businessDaysBetween('2026-01-30', '2026-03-02')).toBe(21); // Feb has 20 weekdays, plus Mon Mar 2
    expect(isBusinessDay('2026-01-31')).toBe(false);
    expect(isBusinessDay('2026-01-01', ['2026-01-01'])).toBe(false);
  });

  it('counting undoes adding, from every day of a month', () => {
    for (let d = 1; d <= 31; d++) {
      const day = `2026-01-${String(d).padStart(2, '0')}`;
      for (const n of [0, 1, 2, 3, 5, 10, 20]) expect(businessDaysBetween(day, addBusinessDays(day, n))).toBe(n);
    }
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addBusinessDays('2026-01-09', -1)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-09', 1.5)).toThrow(RangeError);
  });
});

describe('an unreadable history is refused, naming the item', () => {
  it('names a bad date, an acceptance without an accepted submission, and a fix before the opening', () => {
    expect(() =>
      computeScorecard({
        deliverables: [{ key: 'D', due: '2026-02-30', submissions: [{ on: '2026-01-01', outcome: 'rejected' }], acceptedOn: '2026-01-02' }],
        defects: [{ key: 'F', severity: 1, foundIn: 'uat', openedOn: '2026-01-05', fixedOn: '2026-01-04' }],
        commitments: [],
        today,
      }),
    ).toThrow('D due date: "2026-02-30" is not a date (YYYY-MM-DD); D is accepted but no submission was; F is fixed before it was opened');
  });
});

describe('the trend chart', () => {
  const html = renderToStaticMarkup(createElement(ScorecardTrend, { points: computeScorecard(history).trend }));

  it('has a title and a description a screen reader announces', () => {
    expect(html).toContain('<title id="');
    expect(html).toContain('Scorecard trend, 2026-01 to 2026-03</title>');
    expect(html).toContain('On 2026-03-20: on-time delivery 44.4 %, first-pass acceptance 71.4 %, defect service level 60.0 %; grade D.');
  });

  it('lists every value in a table, and names the series in a legend', () => {
    expect(html).toContain('<summary>Values by month</summary>');
    expect(html).toContain('<th scope="row">2026-02</th><td>2026-02-28</td><td>42.9 %</td><td>66.7 %</td><td>66.7 %</td><td>D</td>');
    for (const label of ['On-time delivery', 'First-pass acceptance', 'Defect service level']) expect(html).toContain(label);
  });

  it('leaves a gap for a month that is not applicable, and says so in the table', () => {
    const points = computeScorecard(history).trend.map((p, i) => (i === 1 ? { ...p, firstPass: null } : p));
    const gap = renderToStaticMarkup(createElement(ScorecardTrend, { points }));
    expect(gap).toContain('<td>not applicable</td>');
    // first pass: two isolated points (circles), no line through the gap; the other two series are lines of 3.
    expect(gap.match(/<polyline/g)?.length).toBe(2);
    expect(gap.match(/<circle/g)?.length).toBe(8);
  });

  it('says there is nothing to chart when there are no months', () => {
    expect(renderToStaticMarkup(createElement(ScorecardTrend, { points: [] }))).toBe('<p class="empty">No months to chart yet.</p>');
  });
});
