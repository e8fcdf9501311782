/**
 * Issue 11, acceptance line 3, over HTTP against the built portal: the analyst starts NW-CB-2026's next
 * version from the published one, opens it in the editor, sets a rate-table cell to a negative rate and
 * is refused next to that cell (nothing saved, what they typed kept); a valid edit saves a draft whose
 * JSON validates against the committed docs/plan.schema.json. The form is posted as a browser without
 * JavaScript would post it: every field of the page, as rendered.
 */
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '~/db/client';
import { plans, planVersions, projects } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decode(m[1]!) : null;
};

/** The fields a browser posts for the form with this class: inputs (ticked boxes only) and each select's chosen option. */
function formFields(html: string, formClass: string): Record<string, string | string[]> {
  const start = html.indexOf(`class="${formClass}"`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  for (const m of form.matchAll(/<input\b[^>]*>|<select\b[^>]*>([\s\S]*?)<\/select>/g)) {
    const tag = m[0].slice(0, m[0].indexOf('>') + 1);
    const name = attr(tag, 'name');
    if (!name) continue;
    if (tag.startsWith('<select')) {
      const chosen = [...m[1]!.matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
      const option = chosen.find((o) => /\sselected=""/.test(o)) ?? chosen[0];
      add(name, option ? (attr(option, 'value') ?? '') : '');
    } else if (attr(tag, 'type') !== 'checkbox' || /\schecked=""/.test(tag)) add(name, attr(tag, 'value') ?? '');
  }
  return out;
}

/** The input of this field name, and the message its aria-describedby points to. */
function fieldWithError(html: string, name: string) {
  const tag = html.match(new RegExp(`<input\\b[^>]*name="${name.replace(/[[\].]/g, '\\$&')}"[^>]*>`))?.[0];
  if (!tag) throw new Error(`no input ${name}`);
  const describedBy = attr(tag, 'aria-describedby') ?? '';
  const messages = describedBy
    .split(' ')
    .filter(Boolean)
    .map((id) => text(html.match(new RegExp(`<p id="${id}"[^>]*>([\\s\\S]*?)</p>`))?.[1] ?? ''));
  return { invalid: attr(tag, 'aria-invalid'), value: attr(tag, 'value'), messages };
}

describe('editing a plan version in the browser', () => {
  let portal: Portal;
  let db: ReturnType<typeof openDatabase>;
  let cbId: number;
  let base: string;
  beforeAll(async () => {
    portal = await startPortal();
    db = openDatabase(portal.dbPath);
    const projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    cbId = db
      .select()
      .from(plans)
      .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-CB-2026')))
      .get()!.id;
    base = `/projects/${projectId}/plans/${cbId}/versions`;
  });
  afterAll(async () => {
    db?.$client.close();
    await portal?.stop();
  });
  const version = (number: number) =>
    db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, cbId), eq(planVersions.number, number)))
      .get();

  it('new version from the published one, a negative tier rate refused next to its cell, a valid edit saved as a schema-valid draft', async () => {
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const published = await (await analyst.get(`${base}/1`)).text();
    expect(text(published)).toContain('New version from this one');
    const started = await analyst.post(`${base}/1`, { intent: 'newVersion' });
    expect(started.status).toBe(302);
    expect(started.headers.get('location')).toBe(`${base}/2/edit`);
    expect(version(2)?.document).toBe(version(1)!.document);

    const editor = await analyst.get(`${base}/2/edit`);
    expect(editor.status).toBe(200);
    const page = await editor.text();
    expect(text(page)).toContain('Edit NW-CB-2026 version 2');
    expect(page).toMatch(/<label[^>]*>Tier 2 rate<\/label>/);
    const fields = formFields(page, 'plan-editor');
    expect(fields['components[0].tiers[1].rate']).toBe('0.015');
    expect(fields.baseFingerprint).toBe(version(2)!.documentHash);

    // A negative rate in the second tier: refused next to that cell, nothing saved, the typed value kept.
    const refused = await analyst.post(`${base}/2/edit`, { ...fields, 'components[0].tiers[1].rate': '-0.015', intent: 'save' });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(fieldWithError(refusedPage, 'components[0].tiers[1].rate')).toEqual({ invalid: 'true', value: '-0.015', messages: ['must not be negative'] });
    expect(fieldWithError(refusedPage, 'components[0].tiers[2].rate').invalid).toBeNull();
    expect(text(refusedPage)).toContain('The plan was not saved: 1 problem.');
    expect(text(refusedPage)).toContain('components[0].tiers[1].rate: must not be negative');
    expect(version(2)!.document).toBe(version(1)!.document);

    // A valid edit: the second tier pays 1.75%, and a fourth tier is added above 150%.
    const withRow = await analyst.post(`${base}/2/edit`, { ...fields, intent: 'add:components[0].tiers' });
    expect(withRow.status).toBe(200);
    const rowPage = await withRow.text();
    expect(rowPage).toMatch(/<label[^>]*>Tier 4 rate<\/label>/);
    const grown = formFields(rowPage, 'plan-editor');
    const saved = await analyst.post(`${base}/2/edit`, {
      ...grown,
      'components[0].tiers[1].rate': '0.0175',
      'components[0].tiers[3].from': '1.5',
      'components[0].tiers[3].rate': '0.03',
      intent: 'save',
    });
    expect(saved.status).toBe(200);
    expect(text(await saved.text())).toContain('Saved: the draft has your changes.');
    const draft = version(2)!;
    const doc = JSON.parse(draft.document);
    expect(doc.components[0].tiers).toEqual([
      { from: 0, rate: 0 },
      { from: 0.5, rate: '0.0175' },
      { from: 1, rate: 0.025 },
      { from: '1.5', rate: '0.03' },
    ]);
    const jsonSchema = z.fromJSONSchema(JSON.parse(readFileSync(new URL('../../docs/plan.schema.json', import.meta.url), 'utf8')));
    expect(jsonSchema.safeParse(doc).error?.issues).toBeUndefined();
    // The schema check can fail: the refused document above does not pass it.
    expect(jsonSchema.safeParse({ ...doc, components: [{ ...doc.components[0], tiers: [{ from: 0, rate: 'minus one' }] }] }).success).toBe(false);
    // Still a draft, with the analyst among its editors; its page links back to the editor.
    const draftPage = await (await analyst.get(`${base}/2`)).text();
    expect(text(draftPage)).toContain('Edit this draft');
    expect(draftPage).toContain(`href="${base}/2/edit"`);

    // Someone who opened the editor before that save is refused rather than overwriting it.
    const stale = await analyst.post(`${base}/2/edit`, { ...fields, 'components[0].tiers[2].rate': '0.03', intent: 'save' });
    expect(stale.status).toBe(409);
    expect(version(2)!.document).toBe(draft.document);
  });

  it('the JSON view saves the whole document, with what the form does not cover field by field (a SPIF’s filter)', async () => {
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const page = await (await analyst.get(`${base}/2/edit`)).text();
    const json = formFields(page, 'form');
    const doc = JSON.parse(version(2)!.document);
    doc.components.push({
      id: 'launch_spif',
      name: 'Launch SPIF',
      type: 'spif',
      filter: { products: ['loan'] },
      window: { from: '2026-01-01', to: '2026-03-31' },
      pay: { kind: 'per_unit', amount: '50' },
    });
    const res = await analyst.post(`${base}/2/edit`, {
      intent: 'saveJson',
      baseFingerprint: String(json.baseFingerprint),
      document: JSON.stringify(doc, null, 2),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(version(2)!.document).components[1].id).toBe('launch_spif');
    const after = await (await analyst.get(`${base}/2/edit`)).text();
    expect(text(after)).toContain('Component 2: Launch SPIF (spif)');
    expect(text(after)).toContain('Which transactions qualify (the filter) is edited in the JSON view.');
  });
});
