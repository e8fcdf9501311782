import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { signIn, usePortal } from '../support/server';

/** The portal runs one web worker per core: a session started on one is valid on all, and writes from all land once. */
describe('web workers', () => {
  const portal = usePortal({ env: { WEB_CONCURRENCY: '2' } });

  it('serves every request of a signed-in person, whichever worker answers', async () => {
    // The primary says so once every worker listens, which may be just after /healthz first answers.
    for (let i = 0; i < 50 && !portal.output().includes('web workers)'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(portal.output()).toContain('(2 web workers)');
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const answers = await Promise.all(Array.from({ length: 20 }, () => pm.get('/')));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
  });

  it('takes writes from parallel requests on both workers, each once', async () => {
    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    const page = await (await tester.get('/projects')).text();
    const projectId = /\/projects\/(\d+)/.exec(page)?.[1];
    expect(projectId).toBeDefined();
    const posts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        tester.post(`/projects/${projectId}/testing`, {
          name: `Parallel cycle ${i + 1}`,
          kind: 'system test',
          entryCriteria: 'Build deployed',
          exitCriteria: 'All cases run',
          plannedStart: '2026-12-01',
          plannedEnd: '2026-12-10',
        }),
      ),
    );
    expect(posts.map((r) => r.status)).toEqual(Array(8).fill(200));
    const listed = await (await tester.get(`/projects/${projectId}/testing`)).text();
    for (let i = 1; i <= 8; i++) expect(listed.split(`Parallel cycle ${i}<`).length - 1).toBe(1);
  });
});
