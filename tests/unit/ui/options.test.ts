// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { planPermissions, requestable } from '../../../src/options/permissions';
import { CUSTOM, REGIONS, regionOf } from '../../../src/options/regions';
import { save } from '../../../src/options/save';
import { slotOf, validate } from '../../../src/options/validate';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { stubChromeI18n } from './chrome-i18n';

beforeAll(() => {
  stubChromeI18n('en');
});

describe('validate', () => {
  it('puts each error in its field slot, with list fields by line', () => {
    const { settings, errors } = validate({
      authBaseUrl: 'http://example.com',
      desktopUrlPatterns: ['https://ok.example.com/*', 'nope'],
      detection: { pageEvent: true, domRules: [{ selector: 'div', conversationIdAttribute: '1bad' }] },
    });
    expect(settings).toBeUndefined();
    expect(Object.fromEntries(errors)).toEqual({
      authBaseUrl: [
        'Enter an https URL such as https://login.example.com (plain http only on 127.0.0.1 or localhost).',
      ],
      desktopUrlPatterns: ['Line 2: Enter a match pattern with a host, such as https://desk.example.com/*.'],
      'detection.domRules.0.conversationIdAttribute': [
        'Enter an HTML attribute name such as data-conversation-id.',
      ],
    });
  });

  it('says what is wrong with URL credentials and a public-suffix wildcard, not the generic field hint', () => {
    const { errors } = validate({
      apiBaseUrl: 'https://zelda:s3cr3t@api.example.com',
      desktopUrlPatterns: ['https://*.github.io/*'],
    });
    expect(errors.get('apiBaseUrl')?.[0]).toMatch(/^Remove the user name and password/);
    expect(errors.get('desktopUrlPatterns')?.[0]).toMatch(
      /^Line 1: A wildcard must sit under a registrable name/,
    );
  });

  it('catches a selector only a browser can parse', () => {
    const { errors } = validate({
      detection: { domRules: [{ selector: 'div[[', conversationIdAttribute: 'data-id' }] },
    });
    expect(errors.get('detection.domRules.0.selector')).toEqual([
      'Not a valid CSS selector: check its brackets and quotes.',
    ]);
  });

  it('returns the parsed settings when all is well', () => {
    const { settings, errors } = validate({ clientId: 'abc', apiBaseUrl: 'https://api.example.com/' });
    expect(errors.size).toBe(0);
    expect(settings?.apiBaseUrl).toBe('https://api.example.com');
  });

  it('maps issue paths to slots', () => {
    expect(slotOf(['scopes', 2])).toBe('scopes');
    expect(slotOf(['detection', 'domRules', 1, 'selector'])).toBe('detection.domRules.1.selector');
    expect(slotOf([])).toBe('form');
  });
});

// Issue 15: the worker does not carry the Public Suffix List, so it runs on a policy's `*.github.io`;
// what keeps the detector off those sites is that no host permission is ever asked for it, here.
describe('Save', () => {
  const user = {
    clientId: 'abc',
    apiBaseUrl: 'https://api.example.com',
    authBaseUrl: 'https://login.example.com',
  };
  async function saveWithPolicy(desktopUrlPatterns: string[]) {
    const request = vi.fn(async () => true);
    const chrome = globalThis.chrome as unknown as { permissions?: unknown };
    chrome.permissions = { request, contains: async () => true };
    const reports: string[] = [];
    const written = await save(user, {
      form: document.createElement('form'),
      managed: { desktopUrlPatterns },
      stored: {},
      report: (text) => reports.push(text),
    });
    return { request, reports, written };
  }

  it('refuses an admin’s public-suffix wildcard and asks for no host permission', async () => {
    const { request, reports, written } = await saveWithPolicy(['https://*.github.io/*']);
    expect(request).not.toHaveBeenCalled();
    expect(written).toBeUndefined();
    expect(reports.join('\n')).toMatch(/Line 1: A wildcard must sit under a registrable name/);
  });

  it('asks for the admin’s pattern when it names a registrable host (the same path, not refused)', async () => {
    const { request, written } = await saveWithPolicy(['https://*.desk.github.io/*']);
    expect(request).toHaveBeenCalledWith({
      origins: ['https://*.desk.github.io/*', 'https://login.example.com/*', 'https://api.example.com/*'],
    });
    expect(written).toEqual(user);
  });
});

describe('permissions', () => {
  it('asks for desktop patterns and API origins, refuses what the manifest cannot grant', () => {
    const plan = planPermissions({
      ...DEFAULT_SETTINGS,
      apiBaseUrl: 'https://api.example.com',
      authBaseUrl: 'http://127.0.0.1:4000',
      desktopUrlPatterns: ['https://desk.example.com/app/*', 'http://desk.example.com/*', '*://localhost/*'],
    });
    expect(plan.origins).toEqual([
      'https://desk.example.com/app/*',
      '*://localhost/*',
      // No port: Chrome reads a portless pattern as any port; Firefox refuses one with a port.
      'http://127.0.0.1/*',
      'https://api.example.com/*',
    ]);
    expect(plan.refused).toEqual([{ slot: 'desktopUrlPatterns', pattern: 'http://desk.example.com/*' }]);
  });

  it('knows the manifest: https anywhere, http only on loopback', () => {
    expect(requestable('https://*.example.com/*')).toBe(true);
    expect(requestable('http://localhost:8080/*')).toBe(true);
    expect(requestable('*://desk.example.com/*')).toBe(false);
    expect(requestable('http://[::1]/*')).toBe(false);
  });
});

describe('regions', () => {
  it('recognises a Genesys Cloud region from its URLs, anything else is Custom', () => {
    const de = REGIONS.find((r) => r.id === 'mypurecloud.de');
    expect(de).toMatchObject({
      authBaseUrl: 'https://login.mypurecloud.de',
      apiBaseUrl: 'https://api.mypurecloud.de',
    });
    expect(regionOf('genesys-cloud', 'https://login.mypurecloud.de/', 'https://api.mypurecloud.de')).toBe(
      'mypurecloud.de',
    );
    expect(regionOf('sessions-api', 'https://login.mypurecloud.de', 'https://api.mypurecloud.de')).toBe(
      CUSTOM,
    );
    expect(regionOf('genesys-cloud', 'https://login.mypurecloud.de', 'https://api.example.com')).toBe(CUSTOM);
  });
});
