import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * How many e2e files run at once (E2E_WORKERS; default 1 for a bare `vitest run`: one browser).
 * `npm test` (scripts/test.ts) runs three, leaving out the files whose Chromium or Firefox policy is
 * machine-wide (managed, force-install, firefox), which it runs alone afterwards.
 */
const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 1);
if (!Number.isInteger(E2E_WORKERS) || E2E_WORKERS < 1 || E2E_WORKERS > 4)
  throw new Error(`E2E_WORKERS must be a whole number from 1 to 4, got "${process.env.E2E_WORKERS}"`);

/**
 * Unit files share one module graph per worker (isolate: false): importing zod, the polyfill fake
 * and the worker's modules once per worker instead of once per file cuts the unit run (measured
 * alone: 36.2 s → 22.2 s wall, 52 s → 23 s CPU; beside the e2e suite in npm test the CPU is what
 * counts: 152 s → 58 s there).
 * Each test already starts from a reset fake browser and forgotten caches (tests/unit/setup.ts).
 * A file that vi.mock()s (or vi.doMock()s) a module replaces it for every file sharing the graph
 * (seen: 10 failures in 5 other files), so those run in their own project, isolated, found by what
 * they contain.
 */
const UNIT = 'tests/unit';
const MOCKING = readdirSync(resolve(import.meta.dirname, UNIT), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => `${UNIT}/${file}`)
  .filter((file) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(resolve(import.meta.dirname, file), 'utf8')));

/** `unit` (the shared graph, all but MOCKING) or `unit-isolated` (MOCKING, a graph per file). */
function unitProject(isolate: boolean): TestProjectInlineConfiguration {
  return {
    test: {
      name: isolate ? 'unit-isolated' : 'unit',
      include: isolate ? MOCKING : [`${UNIT}/**/*.test.ts`],
      exclude: isolate ? [] : MOCKING,
      isolate,
      environment: 'node',
      setupFiles: [`${UNIT}/setup.ts`],
      // vitest's default is one worker fewer than the cores: a single worker on a two-core machine,
      // where two halve the unit run (measured: 116 s → 52 s with other work beside it).
      maxWorkers: Math.max(2, availableParallelism() - 1),
      // Projects with different maxWorkers need their own group when run together (npm run
      // mutate names unit and e2e files in one run): the unit files first, then the e2e ones.
      sequence: { groupOrder: 0 },
    },
  };
}

/**
 * e2e files that mostly wait on the clock start first. vitest orders files by their last durations
 * when it has them and by size on a clean clone (CI), where keep-awake.test.ts (two 45 s idle waits,
 * 52 s) started last and ran alone at the end: 31st of 31 in the CI run of 15f12b6.
 */
const WAIT_BOUND = ['tests/e2e/keep-awake.test.ts'];
class WaitBoundFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (file: TestSpecification) => WAIT_BOUND.some((path) => file.moduleId.endsWith(path));
    return [...sorted.filter(first), ...sorted.filter((file) => !first(file))];
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: WaitBoundFirst },
    projects: [
      unitProject(false),
      unitProject(true),
      {
        test: {
          name: 'e2e',
          // Removes machine policies a killed run left, once, before any browser of this run starts.
          globalSetup: ['tests/e2e/global-setup.ts'],
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
