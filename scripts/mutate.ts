// `npm run mutate [-- --only <text>] [--skip <text>] [--shard k/n]`: applies each mutation of tests/mutations/mutations.ts to a
// temporary copy of the repository, one at a time, runs the tests it names and prints
// `mutation → caught by`. Exits 1 if any mutation survives or no longer applies. Slow (a build and
// real browsers per mutation with e2e tests), so not part of `npm test`; see tests/README.md.
// --only / --skip keep / drop the mutations whose name or test files contain the text (--skip: a
// comma-separated list); --shard k/n
// keeps every n-th one from the k-th, so n copies can run at once (each in its own temporary copy).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { type Mutation, mutations } from '../tests/mutations/mutations';

const ROOT = resolve(import.meta.dirname, '..');
const NEEDS_FIREFOX_BUILD = [
  'tests/e2e/firefox.test.ts',
  'tests/e2e/firefox-genesys.test.ts',
  'tests/e2e/packages.test.ts',
  'tests/e2e/force-install.test.ts',
];
const option = (flag: string) =>
  process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined;
const [only, skip, shard = '1/1'] = [option('--only'), option('--skip'), option('--shard')];
const [part, parts] = shard.split('/').map(Number);
if (!part || !parts || part > parts) throw new Error(`--shard must be k/n with 1 <= k <= n, got "${shard}"`);
const mentions = (m: Mutation, text: string) =>
  [m.name, ...m.tests].some((s) => s.toLowerCase().includes(text.toLowerCase()));
const chosen = mutations.filter(
  (m, i) =>
    (!only || mentions(m, only)) &&
    !skip?.split(',').some((text) => mentions(m, text)) &&
    i % parts === part - 1,
);
if (chosen.length === 0)
  throw new Error(`--only "${only}" / --skip "${skip}" / --shard ${shard} leave no mutation to run`);

/** The working tree as git sees it (tracked and new files, minus ignored ones such as node_modules). */
function copyRepo(): string {
  const copy = mkdtempSync(join(tmpdir(), 'cobrowse-mutate-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT })
    .toString()
    .split('\0')
    .filter((file) => file && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

interface Row {
  name: string;
  verdict: 'caught' | 'SURVIVED' | 'does not apply' | 'ERROR';
  by: string;
}

function run(copy: string, command: string, args: string[]) {
  return spawnSync(command, args, { cwd: copy, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The failed test files (and first failed test of each) from vitest's JSON report. */
function failures(report: string): string[] {
  if (!existsSync(report)) return [];
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    testResults: { name: string; status: string; assertionResults: { status: string; title: string }[] }[];
  };
  return json.testResults
    .filter((file) => file.status !== 'passed')
    .map((file) => {
      const failed = file.assertionResults.filter((a) => a.status === 'failed');
      const first = failed[0]?.title ?? 'the file did not load';
      return `${file.name.slice(file.name.indexOf('tests/'))} (${failed.length || 1}: "${first.slice(0, 70)}")`;
    });
}

function apply(copy: string, mutation: Mutation): Row {
  const path = join(copy, mutation.file);
  const original = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const count = original.split(mutation.search).length - 1;
  if (count !== 1) {
    const where = count === 0 ? 'not found' : `found ${count} times`;
    return {
      name: mutation.name,
      verdict: 'does not apply',
      by: `search text ${where} in ${mutation.file}: update the mutation`,
    };
  }
  writeFileSync(path, original.replace(mutation.search, mutation.replace));
  try {
    if (mutation.tests.some((t) => t.startsWith('tests/e2e/'))) {
      const build = run(copy, 'npx', ['vite', 'build', '--logLevel', 'error']);
      // A mutation that breaks the build is caught by the build itself.
      if (build.status !== 0) return { name: mutation.name, verdict: 'caught', by: 'the build' };
      // The real-Firefox suite loads dist-firefox/, the Firefox build of the same tree, and the
      // packager reads both builds.
      if (NEEDS_FIREFOX_BUILD.some((file) => mutation.tests.includes(file))) {
        const firefox = run(copy, 'npx', ['vite', 'build', '--mode', 'firefox', '--logLevel', 'error']);
        if (firefox.status !== 0) return { name: mutation.name, verdict: 'caught', by: 'the Firefox build' };
      }
    }
    const report = join(copy, 'mutate-report.json');
    rmSync(report, { force: true });
    const tests = run(copy, 'npx', [
      'vitest',
      'run',
      '--reporter=json',
      `--outputFile=${report}`,
      ...mutation.tests,
    ]);
    const failed = failures(report);
    if (tests.status === 0)
      return { name: mutation.name, verdict: 'SURVIVED', by: `passed: ${mutation.tests.join(', ')}` };
    // A run that failed without a failing test (a config error, no test found) proves nothing.
    if (failed.length === 0) {
      const said = stripVTControlCharacters(`${tests.stdout}${tests.stderr}`);
      const error = said.match(/^Error: .*$/m)?.[0] ?? said.trim().split('\n').slice(-3).join(' ');
      return {
        name: mutation.name,
        verdict: 'ERROR',
        by: `vitest exit ${tests.status}, no failed test: ${error}`,
      };
    }
    return { name: mutation.name, verdict: 'caught', by: failed.join('; ') };
  } finally {
    writeFileSync(path, original);
  }
}

const copy = copyRepo();
console.log(`Mutating a copy in ${copy} (${chosen.length} mutations)`);
const rows: Row[] = [];
try {
  for (const mutation of chosen) {
    const started = Date.now();
    const row = apply(copy, mutation);
    rows.push(row);
    console.log(
      `${row.verdict.padEnd(14)} ${mutation.name} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}

console.log('\n| mutation | verdict | caught by |\n| --- | --- | --- |');
for (const row of rows) console.log(`| ${row.name} | ${row.verdict} | ${row.by} |`);
const bad = rows.filter((row) => row.verdict !== 'caught');
console.log(
  bad.length === 0
    ? `\nAll ${rows.length} mutations caught.`
    : `\n${bad.length} of ${rows.length} mutations not caught (survived, errored or no longer apply).`,
);
process.exitCode = bad.length === 0 ? 0 : 1;
