import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * How many e2e files run at once (E2E_WORKERS; default 1 for a bare `vitest run`: one browser).
 * `npm test` (scripts/test.ts) runs three, leaving out the files whose Chromium or Firefox policy is
 * machine-wide (managed, force-install, firefox), which it runs alone afterwards.
 */
const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 1);
if (!Number.isInteger(E2E_WORKERS) || E2E_WORKERS < 1 || E2E_WORKERS > 4)
  throw new Error(`E2E_WORKERS must be a whole number from 1 to 4, got "${process.env.E2E_WORKERS}"`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/unit/setup.ts'],
          // vitest's default is one worker fewer than the cores: a single worker on a two-core machine,
          // where two halve the unit run (measured: 116 s → 52 s with other work beside it).
          maxWorkers: Math.max(2, availableParallelism() - 1),
          // Projects with different maxWorkers need their own group when run together (npm run
          // mutate names unit and e2e files in one run): the unit files first, then the e2e ones.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Files one after another unless E2E_WORKERS says otherwise; each owns a whole browser profile.
          fileParallelism: E2E_WORKERS > 1,
          maxWorkers: E2E_WORKERS,
          sequence: { groupOrder: 1 },
          // A worker imports playwright, puppeteer and the emulator once for all files instead of
          // once per file (measured: 0.9 s a file quiet, 3.4 s at a load of 12). Safe because each file
          // launches its own browser and emulator in beforeAll and closes them in afterAll; no file
          // keeps state in a module (the fixtures are functions, the emulator is one object per start).
          isolate: false,
          testTimeout: 60_000,
          // Generous because CI machines are slow; a poll still ends as soon as its condition holds.
          expect: { poll: { timeout: 8_000, interval: 50 } },
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
