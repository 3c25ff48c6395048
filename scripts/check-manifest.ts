// CI gate: what the built extension may ask for is fixed in security/manifest-allowlist.json, so
// widening a permission, a host, a content-script match or who may message us is a reviewed change
// of that file, never a side effect of a build or a dependency.
// Usage: tsx scripts/check-manifest.ts [dist/manifest.json] [security/manifest-allowlist.json]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Json = Record<string, unknown>;

/** The manifest keys that decide what the extension can reach, and how each is compared. */
const GUARDED = [
  'permissions',
  'optional_permissions',
  'host_permissions',
  'optional_host_permissions',
  'content_scripts',
  'web_accessible_resources',
  'externally_connectable',
] as const;

/** Order never matters in these lists; object keys are sorted so equal entries print equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value))
    return value
      .map(canonical)
      .map((v) => JSON.stringify(v))
      .sort();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([key]) => key !== 'js' && key !== 'css') // which files run is not a permission
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, v]) => [key, canonical(v)]),
    );
  }
  return value;
}

/** One line per difference: `+` the build asks for more than allowed, `-` for less. */
export function compareManifest(manifest: Json, allowlist: Json): string[] {
  const problems: string[] = [];
  // Firefox has no externally_connectable: another extension's message reaches only
  // runtime.onMessageExternal, which the worker never listens to (manifest.config.ts drops the key).
  const firefox = typeof (manifest.browser_specific_settings as Json | undefined)?.gecko === 'object';
  for (const key of GUARDED) {
    if (firefox && key === 'externally_connectable') continue;
    // Absent and empty are the same grant, except externally_connectable: absent lets every
    // other extension message us, so an allow-list naming it requires the key itself.
    const absent = key === 'externally_connectable' ? undefined : [];
    const actual = canonical(manifest[key] ?? absent);
    const allowed = canonical(allowlist[key] ?? absent);
    if (JSON.stringify(actual) === JSON.stringify(allowed)) continue;
    if (Array.isArray(actual) && Array.isArray(allowed)) {
      for (const entry of actual) if (!allowed.includes(entry)) problems.push(`+ ${key}: ${entry}`);
      for (const entry of allowed) if (!actual.includes(entry)) problems.push(`- ${key}: ${entry}`);
    } else {
      problems.push(`~ ${key}: built ${JSON.stringify(actual)}, allowed ${JSON.stringify(allowed)}`);
    }
  }
  return problems;
}

function readJson(path: string, what: string): Json {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Json;
  } catch (error) {
    throw new Error(`check-manifest: cannot read ${what} at ${path} (${(error as Error).message}).`);
  }
}

function main(argv: string[]): number {
  const manifestPath = resolve(argv[0] ?? 'dist/manifest.json');
  const allowlistPath = resolve(argv[1] ?? 'security/manifest-allowlist.json');
  const problems = compareManifest(
    readJson(manifestPath, 'the built manifest (run `npm run build` first)'),
    readJson(allowlistPath, 'the allow-list'),
  );
  if (problems.length === 0) {
    console.log(`check-manifest: ${manifestPath} asks for nothing beyond ${allowlistPath}.`);
    return 0;
  }
  console.error(`check-manifest: ${manifestPath} differs from ${allowlistPath}:`);
  for (const line of problems) console.error(`  ${line}`);
  console.error(
    'If the change is intended, update security/manifest-allowlist.json in the same change and say why ' +
      '(README: permissions and why); otherwise remove it from manifest.json.',
  );
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2));
