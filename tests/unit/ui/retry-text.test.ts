import { beforeAll, describe, expect, it } from 'vitest';
import { retryText } from '../../../src/popup/row';
import { type RowModel, rowSignature } from '../../../src/popup/view';
import { stubChromeI18n } from './chrome-i18n';

beforeAll(() => {
  stubChromeI18n('en');
});

describe('a start waiting to retry', () => {
  it('counts whole seconds up, so it never says 0 s while still waiting', () => {
    expect(retryText(10_000, 6_000)).toBe('Retrying in 4 s');
    expect(retryText(10_000, 6_001)).toBe('Retrying in 4 s');
    expect(retryText(10_000, 9_999)).toBe('Retrying in 1 s');
  });

  it('once the time has come (the worker may be waking), says it is retrying now', () => {
    expect(retryText(10_000, 10_000)).toBe('Retrying now');
    expect(retryText(10_000, 60_000)).toBe('Retrying now');
  });

  it('a new retryAt rebuilds the row', () => {
    const row = (retryAt?: number): RowModel => ({
      id: 'c',
      state: 'starting',
      group: 'waiting',
      chatLive: true,
      since: 1,
      record: {
        conversationId: 'c',
        state: 'starting',
        source: 'page-event',
        acceptedAt: 1,
        updatedAt: 1,
        chatEnded: false,
        attempts: [],
        retryAt,
      },
    });
    expect(rowSignature(row(5_000))).not.toBe(rowSignature(row(9_000)));
    expect(rowSignature(row())).not.toBe(rowSignature(row(9_000)));
  });
});
