// CI gate: the built extension runs only its own packaged code. Fails on eval and the Function
// constructor, string timers, remote scripts, inline scripts or event handlers in HTML, and an
// extension-page CSP other than Chrome's strict default. Reviewed third-party matches are listed,
// with the reason, in security/dist-exemptions.json. Also fails when the worker's module graph loads
// code it must not carry (WORKER_EXCLUDED: the Public Suffix List, issue 15).
// Usage: tsx scripts/check-dist.ts [dist] [security/dist-exemptions.json]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleGraph, workerEntry } from './module-graph';

export interface Finding {
  file: string;
  rule: string;
  excerpt: string;
}
export interface Exemption {
  rule: string;
  snippet: string;
  reason: string;
}

const JS_RULES: [string, RegExp][] = [
  ['eval', /(?<![.\w$])eval\s*\(/g],
  // `new Function(…)`, `Function(…)` and `x = Function` (called later) all compile strings.
  ['Function constructor', /(?<![.\w$])Function\b(?!\s*\.)/g],
  ['string timer', /(?<![.\w$])set(?:Timeout|Interval)\s*\(\s*['"`]/g],
  ['remote importScripts', /importScripts\s*\([^)]*['"`](?:https?:)?\/\//g],
  ['remote import', /(?:\bimport\s*\(|\bfrom)\s*['"`](?:https?:)?\/\//g],
];

const HTML_RULES: [string, RegExp][] = [
  // A script with a body, or without src, is inline.
  ['inline script', /<script\b(?![^>]*\bsrc=)[^>]*>|<script\b[^>]*>\s*[^<\s][\s\S]*?<\/script>/gi],
  ['remote script', /<script\b[^>]*\bsrc=["']?(?:https?:)?\/\//gi],
  ['remote module preload', /<link\b[^>]*\bhref=["']?(?:https?:)?\/\/[^>]*>/gi],
  ['inline event handler', /<[a-z][^>]*\son[a-z]+\s*=/gi],
  ['javascript: URL', /\b(?:href|src|action)\s*=\s*["']?\s*javascript:/gi],
];

/** Chrome's default extension_pages policy for MV3; anything else must be argued for. */
const DEFAULT_CSP = "script-src 'self'; object-src 'self';";
const normalizeCsp = (csp: string) =>
  csp
    .split(';')
    .map((d) => d.trim().split(/\s+/).join(' '))
    .filter(Boolean)
    .sort()
    .join('; ');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function scan(text: string, rules: [string, RegExp][], file: string, exemptions: Exemption[]): Finding[] {
  const found: Finding[] = [];
  for (const [rule, pattern] of rules) {
    for (const match of text.matchAll(pattern)) {
      const at = match.index ?? 0;
      const around = text.slice(Math.max(0, at - 60), at + 80);
      if (exemptions.some((e) => e.rule === rule && around.includes(e.snippet))) continue;
      found.push({ file, rule, excerpt: around.replace(/\s+/g, ' ') });
    }
  }
  return found;
}

export function checkCsp(manifest: Record<string, unknown>): Finding[] {
  const csp = manifest.content_security_policy;
  if (csp === undefined) return [];
  const entries = typeof csp === 'object' && csp !== null ? Object.entries(csp) : [['(MV2 string)', csp]];
  return entries
    .filter(
      ([key, value]) =>
        key !== 'extension_pages' || normalizeCsp(String(value)) !== normalizeCsp(DEFAULT_CSP),
    )
    .map(([key, value]) => ({
      file: 'manifest.json',
      rule: 'non-default CSP',
      excerpt: `content_security_policy.${key} = ${JSON.stringify(value)}`,
    }));
}

/**
 * Code the worker must not load, each known by strings that survive minification. The Public Suffix
 * List (tldts: its option name, and the list's own `xn--p1ai`, Russia's .рф) is 112 KB gzipped, twice
 * the worker's 60 KB budget (bench/README.md "Worker bundle"); only extension pages check it
 * (src/shared/settings.ts). A build where no file has a marker at all fails too: the check would
 * then be blind (a new tldts that renamed them, say) rather than passing.
 */
export const WORKER_EXCLUDED: { what: string; markers: string[] }[] = [
  { what: 'the Public Suffix List (tldts)', markers: ['allowPrivateDomains', 'xn--p1ai'] },
];

const WORKER_RULES = new Set(['excluded from the worker bundle', 'blind worker-bundle marker']);

export function checkWorkerGraph(dist: string, excluded = WORKER_EXCLUDED): Finding[] {
  const entry = workerEntry(dist);
  if (entry === undefined) return [];
  const worker = new Set(moduleGraph(entry));
  const js = files(dist).filter((path) => /\.m?js$/.test(path));
  const text = new Map(js.map((path) => [path, readFileSync(path, 'utf8')]));
  const findings: Finding[] = [];
  for (const { what, markers } of excluded) {
    for (const marker of markers) {
      const holders = js.filter((path) => text.get(path)?.includes(marker));
      if (holders.length === 0)
        findings.push({
          file: '(all JavaScript)',
          rule: 'blind worker-bundle marker',
          excerpt: `"${marker}" (for ${what}) occurs in no built file: choose a marker from the current build`,
        });
      for (const path of holders.filter((holder) => worker.has(holder)))
        findings.push({
          file: relative(dist, path),
          rule: 'excluded from the worker bundle',
          excerpt: `${what} ("${marker}") is loaded by the worker`,
        });
    }
  }
  return findings;
}

export function checkDist(dist: string, exemptions: Exemption[]): Finding[] {
  const findings: Finding[] = [];
  for (const path of files(dist)) {
    const file = relative(dist, path);
    if (/\.(?:m?js)$/.test(path))
      findings.push(...scan(readFileSync(path, 'utf8'), JS_RULES, file, exemptions));
    if (/\.html?$/.test(path))
      findings.push(...scan(readFileSync(path, 'utf8'), HTML_RULES, file, exemptions));
  }
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  return [...findings, ...checkCsp(manifest), ...checkWorkerGraph(dist)];
}

function main(argv: string[]): number {
  const dist = resolve(argv[0] ?? 'dist');
  const exemptionsPath = resolve(argv[1] ?? 'security/dist-exemptions.json');
  let findings: Finding[];
  try {
    const { exemptions } = JSON.parse(readFileSync(exemptionsPath, 'utf8')) as { exemptions: Exemption[] };
    findings = checkDist(dist, exemptions);
  } catch (error) {
    console.error(
      `check-dist: cannot check ${dist}: ${(error as Error).message}. Run \`npm run build\` first.`,
    );
    return 2;
  }
  if (findings.length === 0) {
    console.log(
      `check-dist: ${dist} has no eval, no remote or inline script, the default CSP, and a worker without ${WORKER_EXCLUDED.map((e) => e.what).join(' or ')}.`,
    );
    return 0;
  }
  console.error(`check-dist: ${findings.length} problem(s) in ${dist}:`);
  for (const f of findings) console.error(`  ${f.file}: ${f.rule}: …${f.excerpt}…`);
  if (findings.some((f) => !WORKER_RULES.has(f.rule)))
    console.error(
      'Remove the construct, or, for reviewed third-party code that cannot run under our CSP, add the exact ' +
        `snippet with its reason to ${exemptionsPath}.`,
    );
  if (findings.some((f) => WORKER_RULES.has(f.rule)))
    console.error(
      'The worker imports src/shared/settings-base.ts, never src/shared/settings.ts (which carries the ' +
        'Public Suffix List); follow its imports from src/background/ to find the one that pulls it in.',
    );
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2));
