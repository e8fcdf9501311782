/**
 * Issue 13, acceptance 3: a refused dataset upload reports every bad line and leaves no dataset (and no
 * audit row) behind; a generated dataset is the same for the same seed.
 */
import { describe, expect, it } from 'vitest';
import { auditLog, modelingDatasets } from '~/db/schema';
import { parallelInputs } from '~/seeds/northwind-testing';
import { generateDatasetCommand } from '~/workflows/commands/generate-dataset';
import { uploadDataset } from '~/workflows/commands/upload-dataset';
import { seededDb } from '../support/db';
import { planByKey } from '../support/plans';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-30T12:00:00Z');

async function setup() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.northwind.id;
  const cb = planByKey(db, projectId, 'NW-CB-2026');
  // The demo has Northwind's seeded dataset and scenarios: a test counts what it adds.
  const seeded = { datasets: db.select().from(modelingDatasets).all().length, audits: db.select().from(auditLog).all().length };
  const datasets = () => db.select().from(modelingDatasets).all().slice(seeded.datasets);
  const audits = () =>
    db
      .select()
      .from(auditLog)
      .all()
      .slice(seeded.audits)
      .filter((a) => a.action.startsWith('model.'));
  return { db, demo, projectId, cb, datasets, audits };
}

describe('modeling datasets (issue 13)', () => {
  it('a refused upload lists every bad line with its file and number, and stores nothing', async () => {
    const { db, demo, projectId, cb, datasets, audits } = await setup();
    const lines = parallelInputs.transactionsCsv.trimEnd().split('\n');
    // line 3: an amount that is not a number; line 5: an unknown participant; line 7: a date that is no date
    lines[2] = lines[2]!.replace(/,\d+,1,/, ',lots,1,');
    lines[4] = lines[4]!.replace(/,B4,/, ',NOBODY,');
    lines[6] = lines[6]!.replace(/2026-08-\d\d/, '2026-13-45');
    const participants = `${parallelInputs.participantsCsv}B7,Gil Tan,NW-CB-2026,commercial banker,,not-money,,,USD\n`;
    const e = await refusal(() =>
      uploadDataset(
        { db, actor: demo.people.analyst, now },
        { projectId, planId: cb.id, name: 'Broken', ...parallelInputs, participantsCsv: participants, transactionsCsv: `${lines.join('\n')}\n` },
      ),
    );
    expect(e.code).toBe('invalid');
    const where = e.problems.map((p) => `${(p.file ?? '').replace(/\.csv$/, '')}:${p.line}`);
    expect(where).toEqual(expect.arrayContaining(['participants:8', 'transactions:3', 'transactions:5', 'transactions:7']));
    expect(e.message).toMatch(/not saved: \d+ problems/);
    expect(datasets()).toHaveLength(0);
    expect(audits()).toHaveLength(0);
  });

  it('a good upload is stored with its counts and audited; a file over the limits is refused by field', async () => {
    const { db, demo, projectId, cb, datasets, audits } = await setup();
    const d = uploadDataset({ db, actor: demo.people.analyst, now }, { projectId, planId: cb.id, name: 'Q3 bankers', ...parallelInputs });
    const row = datasets()[0]!;
    expect(row).toMatchObject({ id: d.id, name: 'Q3 bankers', participantCount: 6, transactionCount: 6, source: 'upload' });
    expect(audits().map((a) => a.action)).toEqual(['model.dataset_uploaded']);
    const big = `${parallelInputs.participantsCsv}${'X,Y,NW-CB-2026,r,,1,,,USD\n'.repeat(20_001)}`;
    const e = await refusal(() =>
      uploadDataset({ db, actor: demo.people.analyst, now }, { projectId, planId: cb.id, name: 'Too big', ...parallelInputs, participantsCsv: big }),
    );
    expect(e.fieldErrors.participantsCsv).toMatch(/more than 20,000 rows/);
    // Stakeholders and viewers read; they do not upload.
    expect(
      (await refusal(() => uploadDataset({ db, actor: demo.people.viewer, now }, { projectId, planId: cb.id, name: 'By a viewer', ...parallelInputs }))).code,
    ).toBe('forbidden');
    expect(datasets()).toHaveLength(1);
  });

  it('generating twice with the same seed gives the same dataset (same fingerprint); another seed another', async () => {
    const { db, demo, projectId, cb, datasets } = await setup();
    const form = {
      projectId: String(projectId),
      planId: String(cb.id),
      name: 'Generated',
      period: '2026-Q1',
      seed: '7',
      role: 'commercial banker',
      participants: '50',
      transactionsPerParticipant: '4',
      targetIncentive: '40000',
      quota: '1000000',
      mean: '1',
      spread: '0.25',
    };
    const a = generateDatasetCommand({ db, actor: demo.people.analyst, now }, form);
    const b = generateDatasetCommand({ db, actor: demo.people.pm, now }, form);
    const c = generateDatasetCommand({ db, actor: demo.people.pm, now }, { ...form, seed: '8' });
    expect(a.datasetHash).toBe(b.datasetHash);
    expect(c.datasetHash).not.toBe(a.datasetHash);
    const rows = datasets();
    expect(rows.map((r) => [r.participantCount, r.transactionCount, r.source])).toEqual([
      [50, 200, 'generated'],
      [50, 200, 'generated'],
      [50, 200, 'generated'],
    ]);
    expect(rows[0]!.parameters).toMatchObject({ seed: 7, participants: 50 });
    const e = await refusal(() =>
      generateDatasetCommand({ db, actor: demo.people.analyst, now }, { ...form, participants: '20001', mean: 'x', period: '2026-05' }),
    );
    expect(Object.keys(e.fieldErrors).sort()).toEqual(['mean', 'participants']);
    const p = await refusal(() => generateDatasetCommand({ db, actor: demo.people.analyst, now }, { ...form, period: '2026-05' }));
    expect(p.fieldErrors.period).toMatch(/quarter/);
    expect(datasets().filter((d) => d.projectId === projectId)).toHaveLength(3);
  });
});
