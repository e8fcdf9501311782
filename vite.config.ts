/// <reference types="vitest/config" />
import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

// The audit chain's key in tests: a fixed throwaway one, set before global setup seeds the demo and
// inherited by the portals the e2e tests start, so every chain a test writes verifies with it.
if (process.env.VITEST) process.env.AUDIT_KEY ||= 'a0'.repeat(32);
// The day the tests read the demo's dated history on (workflows/clock.ts, `today`), inherited the same
// way: what is overdue, how old a defect is and the computed status do not drift with the real calendar.
if (process.env.VITEST) process.env.PORTAL_TODAY ||= '2026-11-30';

// Vitest runs plain modules (commands, engine, machines); the React Router plugin is only for the app build.
export default defineConfig({
  plugins: process.env.VITEST ? [] : [reactRouter()],
  resolve: { tsconfigPaths: true },
  ssr: { external: ['better-sqlite3'] },
  build: { sourcemap: false },
  test: {
    // The demo database is seeded once per run and copied per test (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    onConsoleLog(log, type) {
      // console.error during a test is a failure (architecture.md, Tests).
      if (type === 'stderr' && /error/i.test(log)) throw new Error(`console.error during test: ${log}`);
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/e2e/**'],
          // After each file, every audit row its tests wrote must name a catalogued action.
          setupFiles: ['test/support/audit-catalogue.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // A test that starts a portal waits up to 120 s for it (test/support/server.ts) before its own work.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // tests marked concurrent (the accessibility walk's roles) run two at a time: the machine's two cores
          maxConcurrency: 2,
        },
      },
    ],
  },
});
