import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSE_CODES, causeMessageKey } from '../../../src/shared/causes';
import { causeSentence, fieldLabel } from '../../../src/ui/causes';
import { formatElapsed, shortId } from '../../../src/ui/elapsed';
import { type Messages, stubChromeI18n } from './chrome-i18n';

let en: Messages;
beforeAll(() => {
  en = stubChromeI18n('en');
});

describe('cause sentences', () => {
  it('reads the same key as shared causeMessageKey, for every code', () => {
    // Without names, a sentence's placeholders read as empty (Chrome's behaviour).
    for (const code of CAUSE_CODES.filter((c) => c !== 'not-eligible'))
      expect(causeSentence(code), code).toBe(en[causeMessageKey(code)]?.message.replace(/\$[1-9]/g, ''));
  });

  it('puts the people a cause names into its sentence', () => {
    const people = { acceptedBy: 'Bob Builder', signedInAs: 'Ada Lovelace' };
    expect(causeSentence('accepted-by-other', { people })).toMatch(
      /^Accepted by Bob Builder; you are signed in as Ada Lovelace: sign out/,
    );
  });

  it('names the medium (not-eligible) and the missing scope', () => {
    expect(causeSentence('not-eligible', { detail: 'sms' })).toBe(
      en[causeMessageKey('not-eligible')]?.message.replace('$1', 'SMS'),
    );
    expect(causeSentence('not-eligible', { detail: 'whatsapp' })).toMatch(
      /^Not eligible for co-browse \(WhatsApp\): /,
    );
    expect(causeSentence('not-eligible', { detail: 'voice-off' })).toContain(
      '(voice call, co-browse on calls is off)',
    );
    expect(causeSentence('not-eligible', { detail: 'chat' })).toContain('(legacy web chat)');
    // A key without words still says what it is, never a blank.
    expect(causeSentence('not-eligible', { detail: 'pigeon' })).toContain('(pigeon)');
    expect(causeSentence('missing-scope', { detail: 'conversations' })).toContain(
      'OAuth scope conversations',
    );
    expect(causeSentence('missing-scope', { detail: 'HTTP 403 missing_scope' })).toBe(
      en.cause_missing_scope?.message,
    );
  });

  it('labels settings fields, nested ones too', () => {
    expect(fieldLabel('clientId')).toBe('OAuth client id');
    expect(fieldLabel('detection.pageEvent')).toBe("Listen for the desktop's page events");
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [3_599_000, '59 min'],
    [7_200_000, '2 h'],
    [3 * 86_400_000, '3 d'],
    [-5_000, '0 s'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  it('speaks German with the German locale', () => {
    stubChromeI18n('de');
    expect(formatElapsed(120_000)).toBe('2 Min.');
    stubChromeI18n('en');
  });
});

describe('shortId', () => {
  it('keeps short ids whole and cuts long ones after 8 characters', () => {
    expect(shortId('conv-1')).toBe('conv-1');
    expect(shortId('123456789')).toBe('123456789');
    expect(shortId('conv-7f3a9c21-active')).toBe('conv-7f3…');
  });
});
