import { describe, expect, it } from 'vitest';
import { settingRows } from '../../../src/options/diagnostics';
import { Settings } from '../../../src/shared/settings';

const sourceOf = (rows: ReturnType<typeof settingRows>) =>
  Object.fromEntries(rows.map((row) => [row.key, row.source]));

describe('settingRows: each setting in force, with its source', () => {
  const user = {
    clientId: 'users-own',
    autoStart: true,
    desktopUrlPatterns: ['http://127.0.0.1/desktop*'],
    detection: { pageEvent: false },
  };
  const managed = { clientId: 'admins', apiBaseUrl: 'https://api.example.com', autoStart: false };
  const effective = Settings.parse({ ...user, ...managed });
  const rows = settingRows(effective, user, Object.keys(managed));

  it('the admin wins over the user; the user over the default', () => {
    expect(sourceOf(rows)).toMatchObject({
      clientId: 'policy',
      apiBaseUrl: 'policy',
      autoStart: 'policy',
      desktopUrlPatterns: 'user',
      platform: 'default',
      notifyFailures: 'default',
      startBudgetMs: 'default',
    });
    expect(rows.find((r) => r.key === 'clientId')?.value).toBe('admins');
    expect(rows.find((r) => r.key === 'autoStart')?.value).toBe(false);
  });

  it('inside an object: the part the user gave is theirs, the rest is the default', () => {
    expect(sourceOf(rows)).toMatchObject({ 'detection.pageEvent': 'user', 'detection.domRules': 'default' });
    expect(rows.find((r) => r.key === 'detection.pageEvent')?.value).toBe(false);
  });

  it('a managed object is the admin’s throughout', () => {
    const admin = { detection: { pageEvent: true, domRules: [] } };
    const all = settingRows(Settings.parse({ ...user, ...admin }), user, Object.keys(admin));
    expect(sourceOf(all)).toMatchObject({ 'detection.pageEvent': 'policy', 'detection.domRules': 'policy' });
  });

  it('lists every setting, nothing twice', () => {
    const keys = rows.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of Object.keys(effective).filter((k) => k !== 'detection')) expect(keys).toContain(key);
  });
});
