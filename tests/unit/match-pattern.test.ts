import { describe, expect, it } from 'vitest';
import { matchesAny, matchesPattern, originPattern } from '../../src/shared/match-pattern';

describe('matchesPattern', () => {
  it.each([
    ['https://desk.example.com/agent?x=1', 'https://desk.example.com/*', true],
    ['https://desk.example.com/agent', 'https://*.example.com/*', true],
    ['https://example.com/agent', 'https://*.example.com/*', true],
    ['https://evil-example.com/agent', 'https://*.example.com/*', false],
    ['http://desk.example.com/', 'https://desk.example.com/*', false],
    ['http://desk.example.com/', '*://desk.example.com/*', true],
    ['http://127.0.0.1:4321/desktop?agent=a', 'http://127.0.0.1/desktop*', true],
    ['http://127.0.0.1:4321/customer/1', 'http://127.0.0.1/desktop*', false],
    ['http://127.0.0.1:4321/desktop', 'http://127.0.0.1:9999/*', false],
    ['not a url', 'https://*/*', false],
  ])('%s against %s → %s', (url, pattern, expected) => {
    expect(matchesPattern(url, pattern)).toBe(expected);
  });

  it('matchesAny needs a URL and at least one match', () => {
    expect(matchesAny(undefined, ['https://*/*'])).toBe(false);
    expect(matchesAny('https://a.example/', [])).toBe(false);
    expect(matchesAny('https://a.example/', ['https://b.example/*', 'https://a.example/*'])).toBe(true);
  });
});

describe('originPattern: host permissions both browsers accept', () => {
  it.each([
    ['http://127.0.0.1:4000', 'http://127.0.0.1/*'],
    ['https://login.mypurecloud.de/oauth', 'https://login.mypurecloud.de/*'],
    ['http://[::1]:8080/x', 'http://[::1]/*'],
  ])('%s → %s (never a port)', (url, pattern) => {
    expect(originPattern(url)).toBe(pattern);
  });
});
