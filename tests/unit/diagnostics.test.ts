import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it, vi } from 'vitest';
import { buildDiagnostics } from '../../src/background/diagnostics';
import { invalidateSettings } from '../../src/background/settings';

// Issue 11 item 10: no setting value with credentials reaches the support report, even one stored
// before such values were refused (a last-valid copy, the environment of an old sign-in).
describe('diagnostics never carry URL credentials', () => {
  it('a user:password base URL from storage, policy, the last valid copy or a sign-in is not in the report', async () => {
    const secret = 'hunter2';
    const withCreds = `https://agent:${secret}@api.example.com`;
    await fakeBrowser.storage.sync.set({
      settings: { apiBaseUrl: withCreds, authBaseUrl: withCreds, clientId: 'c', desktopUrlPatterns: [] },
    });
    await fakeBrowser.storage.managed.set({ authBaseUrl: `https://admin:${secret}@login.example.com` });
    await fakeBrowser.storage.local.set({
      lastValidSettings: {
        platform: 'sessions-api',
        apiBaseUrl: withCreds,
        authBaseUrl: withCreds,
        clientId: 'c',
        scopes: ['cobrowse:write'],
        desktopUrlPatterns: ['https://desk.example.com/*'],
        autoStart: true,
        startBudgetMs: 30_000,
        requestTimeoutMs: 10_000,
        staleStartMinutes: 15,
        detection: { pageEvent: true, domRules: [] },
      },
    });
    await fakeBrowser.storage.session.set({
      auth: {
        accessToken: 'tok',
        expiresAt: Date.now() + 60_000,
        scope: [],
        user: { id: 'agent-ada', name: 'Ada' },
        environment: withCreds,
      },
    });
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ version: '0.1.0' } as never);
    vi.stubGlobal('navigator', { userAgent: 'test' });
    invalidateSettings();
    const report = JSON.stringify(await buildDiagnostics());
    expect(report).not.toContain(secret);
    expect(report).not.toContain('agent:');
    expect(report).not.toContain('tok"');
    // What is wrong is still named, by field.
    expect(report).toContain('apiBaseUrl: must not contain a user name or password');
  });
});
