import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCsp, checkDist, checkWorkerGraph, type Exemption } from '../../../scripts/check-dist';
import { compareManifest } from '../../../scripts/check-manifest';
import { PROPERTY_TIMEOUT_MS } from './budget';

// The CI gates must fail on what they guard against; a gate that always passes guards nothing.
const allowlist = JSON.parse(readFileSync('security/manifest-allowlist.json', 'utf8')) as Record<
  string,
  unknown
>;
const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as Record<string, unknown>;

describe('check-manifest', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it('passes the source manifest as it is, in any order', () => {
    expect(compareManifest(manifest, allowlist)).toEqual([]);
    const shuffled = { ...manifest, permissions: [...(manifest.permissions as string[])].reverse() };
    expect(compareManifest(shuffled, allowlist)).toEqual([]);
  });

  it('reports any added permission, host or content-script match, and any removed one', () => {
    const keys = ['permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.string({ minLength: 1 }), (key, extra) => {
        const current = (manifest[key] as string[] | undefined) ?? [];
        fc.pre(!current.includes(extra));
        const widened = { ...manifest, [key]: [...current, extra] };
        expect(compareManifest(widened, allowlist)).toEqual([`+ ${key}: ${JSON.stringify(extra)}`]);
      }),
      { numRuns: 300 },
    );
    const narrowed = { ...manifest, permissions: ['storage'] };
    expect(compareManifest(narrowed, allowlist).every((line) => line.startsWith('- permissions'))).toBe(true);
    const script = {
      ...manifest,
      content_scripts: [{ matches: ['<all_urls>'], js: ['x.js'], all_frames: true }],
    };
    expect(compareManifest(script, allowlist)).toHaveLength(1);
    const resources = {
      ...manifest,
      web_accessible_resources: [{ resources: ['*'], matches: ['<all_urls>'] }],
    };
    expect(compareManifest(resources, allowlist)).toHaveLength(1);
  });

  it('treats a missing or widened externally_connectable as a change', () => {
    const { externally_connectable: _, ...without } = manifest;
    expect(compareManifest(without, allowlist)).toEqual([expect.stringMatching(/^~ externally_connectable/)]);
    const open = { ...manifest, externally_connectable: { ids: ['*'], matches: [] } };
    expect(compareManifest(open, allowlist)).toEqual([expect.stringMatching(/^~ externally_connectable/)]);
  });
});

describe('check-dist', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  let dir: string;
  const exemptions: Exemption[] = [
    { rule: 'Function constructor', snippet: 'reviewed(Function)', reason: 'test' },
  ];
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function dist(files: Record<string, string>, manifestExtra: Record<string, unknown> = {}) {
    dir = mkdtempSync(join(tmpdir(), 'check-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, ...manifestExtra }));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return checkDist(dir, exemptions).map((f) => f.rule);
  }

  it('passes clean code, property names and reviewed snippets', () => {
    expect(
      dist({
        'assets/a.js':
          'const x={eval:{minArgs:1}};obj.eval(1);Function.prototype.call;reviewed(Function);setTimeout(f,1)',
        'page.html':
          '<script type="module" src="/assets/a.js"></script><link rel="modulepreload" href="/assets/a.js">',
      }),
    ).toEqual([]);
  });

  it.each([
    ['eval', 'assets/a.js', 'let y = eval("1+1")'],
    ['Function constructor', 'assets/a.js', 'new Function("return 1")'],
    ['Function constructor', 'assets/a.js', 'let F=Function,g=new F("x")'],
    ['string timer', 'assets/a.js', "setTimeout('alert(1)', 5)"],
    ['remote importScripts', 'assets/a.js', "importScripts('https://cdn.example/x.js')"],
    ['remote import', 'assets/a.js', "import('https://cdn.example/x.js')"],
    ['inline script', 'page.html', '<script>alert(1)</script>'],
    ['remote script', 'page.html', '<script src="https://cdn.example/x.js"></script>'],
    ['inline event handler', 'page.html', '<button onclick="go()">x</button>'],
    ['javascript: URL', 'page.html', '<a href="javascript:go()">x</a>'],
  ])('fails on %s', (rule, name, text) => {
    expect(dist({ [name]: text })).toContain(rule);
  });

  // Issue 15: the worker's module graph must not load the Public Suffix List; the options page may.
  describe('worker bundle', () => {
    const PSL = 'parse(h,{allowPrivateDomains:!0});const labels="ac,xn--p1ai,uk"';
    const worker = { background: { service_worker: 'service-worker-loader.js' } };
    const graph = (files: Record<string, string>, manifestExtra: Record<string, unknown> = worker) => {
      dist(files, manifestExtra);
      return checkWorkerGraph(dir).map((f) => `${f.file}: ${f.rule}`);
    };

    it('passes a worker without the list while a page carries it', () => {
      expect(
        graph({
          'service-worker-loader.js': 'import "./assets/index.ts-1.js";',
          'assets/index.ts-1.js': 'import{a}from"./shared-2.js";a()',
          'assets/shared-2.js': 'export const a=()=>1',
          'assets/options-3.js': `import{a}from"./shared-2.js";${PSL}`,
        }),
      ).toEqual([]);
    });

    it.each([
      ['a chunk the worker imports', 'assets/shared-2.js'],
      ['the worker entry itself', 'assets/index.ts-1.js'],
    ])('fails when the list is in %s', (_, file) => {
      const files: Record<string, string> = {
        'service-worker-loader.js': 'import "./assets/index.ts-1.js";',
        'assets/index.ts-1.js': 'import{a}from"./shared-2.js";a()',
        'assets/shared-2.js': 'export const a=()=>1',
      };
      files[file] += `;${PSL}`;
      expect(graph(files)).toEqual([
        `${file}: excluded from the worker bundle`,
        `${file}: excluded from the worker bundle`,
      ]);
    });

    it('follows Firefox’s background script too', () => {
      const files = { 'bg.js': 'import "./assets/w.js";', 'assets/w.js': PSL };
      expect(graph(files, { background: { scripts: ['bg.js'], type: 'module' } })).toContain(
        'assets/w.js: excluded from the worker bundle',
      );
    });

    it('fails blind: a build where no file carries a marker', () => {
      expect(graph({ 'service-worker-loader.js': 'export {}', 'assets/options-3.js': 'parse(h)' })).toEqual([
        '(all JavaScript): blind worker-bundle marker',
        '(all JavaScript): blind worker-bundle marker',
      ]);
    });
  });

  it('accepts only the default extension-page CSP', () => {
    expect(checkCsp({})).toEqual([]);
    expect(
      checkCsp({ content_security_policy: { extension_pages: "object-src 'self'; script-src 'self'" } }),
    ).toEqual([]);
    for (const csp of [
      { extension_pages: "script-src 'self' 'unsafe-eval'; object-src 'self';" },
      { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" },
      { extension_pages: "script-src 'self' https://cdn.example; object-src 'self';" },
      { sandbox: "sandbox allow-scripts; script-src 'self' 'unsafe-eval'" },
    ]) {
      expect(checkCsp({ content_security_policy: csp }), JSON.stringify(csp)).not.toEqual([]);
    }
  });
});
