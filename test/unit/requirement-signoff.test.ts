import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { requirementSignoffMachine as machine, type SignoffActor, type SignoffEvent, signoffRefusal } from '~/workflows/machines/requirement-signoff';

const author = { id: 10, roles: ['analyst' as const] };
const pm = { id: 1, roles: ['pm' as const] };
const sam = { id: 2, roles: ['stakeholder' as const] };
const fiona = { id: 3, roles: ['stakeholder' as const] };
const other = { id: 9, roles: ['stakeholder' as const] };
const at = '2026-06-22T11:00:00.000Z';
const fp = 'f'.repeat(64);

const submit = (over: Partial<Extract<SignoffEvent, { type: 'SUBMIT' }>> = {}): SignoffEvent => ({
  type: 'SUBMIT',
  actor: author,
  at,
  signers: [2, 3],
  fingerprint: fp,
  ...over,
});
const sign = (actor: SignoffActor = sam, meaning = 'approved as business owner', fingerprint = fp): SignoffEvent => ({
  type: 'SIGN',
  actor,
  at,
  meaning,
  fingerprint,
});

function run(...events: SignoffEvent[]) {
  let [s] = initialTransition(machine, { authorId: 10, fingerprint: fp });
  for (const e of events) {
    expect(s.can(e), `${e.type} should be allowed in ${String(s.value)}`).toBe(true);
    [s] = transition(machine, s, e);
  }
  return s;
}
const refuses = (s: AnyMachineSnapshot, e: SignoffEvent, reason: string | RegExp) => {
  expect(s.can(e)).toBe(false);
  expect(signoffRefusal(String(s.value), s.context, e)).toMatch(reason);
};

describe('requirement sign-off machine', () => {
  it('starts in draft with the version fingerprint', () => {
    const s = run();
    expect(s.value).toBe('draft');
    expect(s.context).toMatchObject({ authorId: 10, fingerprint: fp, signers: [], signatures: [] });
  });

  it('the author submits to named signers', () => {
    const s = run(submit());
    expect(s.value).toBe('inReview');
    expect(s.context.signers).toEqual([2, 3]);
  });

  it.each([
    ['someone other than the author', submit({ actor: pm }), 'Only the author can submit'],
    ['no signers', submit({ signers: [] }), 'Name at least one signer.'],
    ['a signer named twice', submit({ signers: [2, 2] }), 'A signer is named twice.'],
    ['the author as signer', submit({ signers: [10, 2] }), 'The author cannot sign their own requirement.'],
    ['stale content', submit({ fingerprint: 'a'.repeat(64) }), 'changed since you opened it'],
  ])('refuses a submission by/with %s', (_l, e, reason) => refuses(run(), e, reason));

  it('all signers signing signs it off, each signature keeping meaning and fingerprint', () => {
    const one = run(submit(), sign(sam));
    expect(one.value).toBe('inReview');
    const both = run(submit(), sign(sam), sign(fiona, 'approved as finance'));
    expect(both.value).toBe('signedOff');
    expect(both.context.signatures).toEqual([
      { userId: 2, meaning: 'approved as business owner', fingerprint: fp, at },
      { userId: 3, meaning: 'approved as finance', fingerprint: fp, at },
    ]);
  });

  it('the author cannot sign their own requirement, even if named', () => {
    const s = run(submit({ signers: [2] }));
    refuses(s, sign(author), 'The author cannot sign their own requirement.');
  });

  it('refuses a signature from someone not named, twice from one signer, without a meaning, or on other content', () => {
    const s = run(submit(), sign(sam));
    refuses(s, sign(other), 'not one of the named signers');
    refuses(s, sign(sam), 'already signed');
    refuses(run(submit()), sign(sam, 'looks fine'), 'Choose the meaning');
    refuses(run(submit()), sign(sam, 'approved as legal', 'b'.repeat(64)), 'content changed');
  });

  it('a signer requesting changes sends it back to draft for the author with the comment', () => {
    const s = run(submit(), sign(sam), { type: 'REQUEST_CHANGES', actor: fiona, at, comment: 'Add the cap example.' });
    expect(s.value).toBe('draft');
    expect(s.context.changeRequest).toEqual({ by: 3, comment: 'Add the cap example.', at });
    expect(s.context.signatures).toEqual([]);
    refuses(run(submit()), { type: 'REQUEST_CHANGES', actor: fiona, at, comment: 'no' }, 'at least 5 characters');
    // Resubmitting clears the change request.
    expect(transition(machine, s, submit())[0].context.changeRequest).toBeNull();
  });

  it('the author can withdraw from review; nobody else can', () => {
    const s = run(submit(), sign(sam));
    refuses(s, { type: 'WITHDRAW', actor: pm, at }, 'Only the author');
    const back = transition(machine, s, { type: 'WITHDRAW', actor: author, at })[0];
    expect(back.value).toBe('draft');
    expect(back.context.signatures).toEqual([]);
  });

  it('only the author edits a draft; an edit records the new fingerprint; nothing edits a version in review', () => {
    const edited = run({ type: 'EDIT', actor: author, at, fingerprint: 'c'.repeat(64) });
    expect(edited.context.fingerprint).toBe('c'.repeat(64));
    refuses(run(), { type: 'EDIT', actor: pm, at, fingerprint: 'd'.repeat(64) }, 'Only the author');
    refuses(run(submit()), { type: 'EDIT', actor: author, at, fingerprint: 'd'.repeat(64) }, 'while the requirement is "In review"');
  });

  it('a signed-off version is superseded by a new version, and then accepts nothing', () => {
    const s = run(submit({ signers: [2] }), sign(sam), { type: 'SUPERSEDE', actor: author, at });
    expect(s.value).toBe('superseded');
    expect(s.status).toBe('done');
    refuses(s, sign(fiona), 'while the requirement is "Superseded"');
    refuses(run(), { type: 'SUPERSEDE', actor: author, at }, 'while the requirement is "Draft"');
  });

  it('the author or the PM retires a draft or a signed-off version; others cannot', () => {
    expect(run({ type: 'RETIRE', actor: author, at }).value).toBe('retired');
    expect(run(submit({ signers: [2] }), sign(sam), { type: 'RETIRE', actor: pm, at }).value).toBe('retired');
    refuses(run(), { type: 'RETIRE', actor: sam, at }, 'Only the author or the project manager');
    refuses(run(submit()), { type: 'RETIRE', actor: author, at }, 'while the requirement is "In review"');
    refuses(run({ type: 'RETIRE', actor: author, at }), submit(), 'while the requirement is "Retired"');
  });
});
