// `npm test`: every check the project makes, arranged for a two-core machine. Everything runs side by
// side: the type check then lint, the unit tests, and the two builds then their checks, each one's
// output held back and printed whole when it ends so the log stays readable. The end-to-end suite
// starts as soon as the builds and their checks pass (it needs nothing else), with its output live.
// Each step is still its own npm script or vitest run, runnable by itself.
// Prints how long each step took; exits 1 if any step failed.
import { spawn } from 'node:child_process';

/** A command and the name it is reported by (npm scripts by their own name). */
interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
}
interface Result {
  name: string;
  ok: boolean;
  seconds: number;
}

const started = performance.now();
const results: Result[] = [];
const npm = (script: string, ...args: string[]): Step => ({
  name: [script, ...args].join(' '),
  command: ['npm', 'run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])],
});

/** Runs one npm script; `quiet` holds its output back until it ends (steps that run side by side). */
function run(step: Step, quiet: boolean): Promise<Result> {
  const { name } = step;
  const begin = performance.now();
  return new Promise((resolve) => {
    const [command = 'npm', ...args] = step.command;
    const child = spawn(command, args, {
      env: { ...process.env, ...step.env },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    const finish = (ok: boolean, why = '') => {
      const result = { name, ok, seconds: (performance.now() - begin) / 1000 };
      if (quiet) {
        process.stdout.write(
          `\n===== ${name}: ${ok ? 'passed' : `FAILED${why}`} (${result.seconds.toFixed(1)} s)\n`,
        );
        process.stdout.write(Buffer.concat(output));
      }
      results.push(result);
      resolve(result);
    };
    child.on('error', (error) => finish(false, `: could not start ${command} (${error.message})`));
    child.on('close', (code, signal) => finish(code === 0, code === 0 ? '' : ` (exit ${code ?? signal})`));
  });
}

/** Steps one after another; stops at the first failure, as `a && b` would. */
async function inOrder(steps: Step[]): Promise<boolean> {
  for (const step of steps) if (!(await run(step, true)).ok) return false;
  return true;
}

/**
 * The e2e files whose browser setting is machine-wide: run after the others, each policy's files one
 * at a time. A Chromium policy (/etc/chromium/policies) is read by every Chromium, a Firefox one
 * (/etc/firefox/policies/policies.json) by every Firefox at start-up (firefox-genesys.test.ts
 * refuses to start beside it: fixtures/firefox.ts). Neither browser reads the other's, so the two
 * lanes run side by side.
 */
const MACHINE_POLICY: Record<'chromium' | 'firefox', string[]> = {
  chromium: ['tests/e2e/managed.test.ts', 'tests/e2e/force-install.test.ts'],
  firefox: ['tests/e2e/firefox.test.ts'],
};
const vitestE2e = ['npx', 'vitest', 'run', '--project', 'e2e'];
/**
 * Three e2e files at a time by default (vitest.config.ts): most of an e2e test waits on a browser,
 * a timer or the emulator, so other files use what one leaves idle (tests/README.md has the runs:
 * e2e 431 s one at a time, 208 s two at a time, 168 s three at a time). E2E_WORKERS=1 runs one.
 */
const workers = process.env.E2E_WORKERS ?? '3';

/** test:e2e without its build. Arguments after `npm test --` narrow the run (one file, say). */
async function e2e(): Promise<boolean> {
  const env = { E2E_WORKERS: workers };
  const only = process.argv.slice(2);
  process.stdout.write(`\n===== e2e (${workers} file(s) at a time, beside the steps still running)\n`);
  if (only.length > 0 || workers === '1')
    return (await run({ name: 'e2e', command: [...vitestE2e, ...only], env }, false)).ok;
  // The policy files run afterwards, so no browser of another file reads their policy.
  const { chromium, firefox } = MACHINE_POLICY;
  const exclude = [...chromium, ...firefox].flatMap((file) => ['--exclude', file]);
  const rest = await run({ name: 'e2e', command: [...vitestE2e, ...exclude], env }, false);
  process.stdout.write(
    `\n===== e2e: ${chromium.join(', ')} one at a time, beside ${firefox.join(', ')} (machine-wide policies)\n`,
  );
  const alone = await Promise.all([
    run({ name: 'e2e Chromium policy', command: [...vitestE2e, ...chromium] }, false),
    // Held back and printed whole when it ends, so the two lanes' output does not interleave.
    run({ name: 'e2e Firefox policy', command: [...vitestE2e, ...firefox] }, true),
  ]);
  return rest.ok && alone.every((r) => r.ok);
}

// The e2e suite needs only the builds and their checks: it starts as soon as they pass, beside the
// type check and the unit tests (the suite mostly waits on browsers and timers; measured in
// tests/README.md), instead of after all of them.
const all = await Promise.all([
  inOrder([npm('typecheck'), npm('lint')]),
  inOrder([npm('test:unit')]),
  (async () => {
    // The two builds write separate folders (dist/, dist-firefox/) and share nothing on disk.
    const builds = await Promise.all([
      run(npm('build', '--browser', 'chrome'), true),
      run(npm('build', '--browser', 'firefox'), true),
    ]);
    const built = builds.every((b) => b.ok) && (await inOrder([npm('check:manifest'), npm('check:dist')]));
    if (!built)
      process.stdout.write('\n===== e2e: not run, a build or its check failed (see FAILED above)\n');
    return built && e2e();
  })(),
]);

const failed = results.filter((r) => !r.ok);
process.stdout.write('\nnpm test: seconds per step (side by side, e2e after the builds)\n');
for (const r of results)
  process.stdout.write(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(1).padStart(6)}  ${r.name}\n`);
process.stdout.write(`  total  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)}\n`);
if (failed.length > 0 || !all.every(Boolean)) {
  process.stdout.write(`npm test FAILED: ${failed.map((r) => r.name).join(', ')}\n`);
  process.exit(1);
}
