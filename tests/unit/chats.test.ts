import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it, vi } from 'vitest';
import { forgetChats, noteAccepted, noteEnded, storedChats } from '../../src/background/sessions/chats';

describe('chats (storage.session, kept in worker memory)', () => {
  it('a burst of notes is stored in full, in far fewer writes than notes', async () => {
    const set = vi.spyOn(fakeBrowser.storage.session, 'set');
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) =>
        noteAccepted(`c-${i}`, { customerName: `Customer ${i}`, tabId: i }),
      ),
      noteEnded('c-7'),
    ]);
    const stored = await storedChats();
    expect(Object.keys(stored)).toHaveLength(50);
    expect(stored['c-49']).toMatchObject({ customerName: 'Customer 49', tabId: 49, live: true });
    expect(stored['c-7']?.live).toBe(false);
    expect(set.mock.calls.length).toBeLessThanOrEqual(3);
    expect(get.mock.calls.length).toBe(2); // the worker's one read, and this test's
  });

  it('a note made while a write is under way is stored by the write after it', async () => {
    const first = noteAccepted('c-1', { customerName: 'Ann' });
    await Promise.resolve();
    await first;
    const second = noteAccepted('c-2', { customerName: 'Bo' });
    const third = noteEnded('c-1');
    await Promise.all([second, third]);
    forgetChats(); // read storage's answer, not the copy
    const stored = await storedChats();
    expect(stored['c-1']).toMatchObject({ customerName: 'Ann', live: false });
    expect(stored['c-2']).toMatchObject({ customerName: 'Bo', live: true });
  });

  it('a note writes its own chat only, one storage.session key per chat, and only the chat is checked', async () => {
    for (let i = 0; i < 20; i++) await noteAccepted(`c-${i}`, { customerName: `Customer ${i}` });
    const set = vi.spyOn(fakeBrowser.storage.session, 'set');
    set.mockClear();
    await noteEnded('c-3');
    await noteAccepted('c-20', { customerName: 'Zoë' });
    expect(set.mock.calls.map(([items]) => Object.keys(items))).toEqual([['chat:c-3'], ['chat:c-20']]);
    expect(await fakeBrowser.storage.session.get('chat:c-3')).toEqual({
      'chat:c-3': expect.objectContaining({ customerName: 'Customer 3', live: false }),
    });
  });

  it('a stored chat its schema refuses is left out with a warning; the others are read', async () => {
    await fakeBrowser.storage.session.set({
      'chat:good': { acceptedAt: 1, live: true },
      'chat:bad': { acceptedAt: 'yesterday', live: true },
      unrelated: { acceptedAt: 1, live: true },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(Object.keys(await storedChats())).toEqual(['good']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('chat:bad'));
  });

  it('keeps the newest 200 chats, in storage as in memory', async () => {
    vi.useFakeTimers();
    try {
      for (let i = 0; i < 205; i++) {
        vi.setSystemTime(1_000_000 + i);
        await noteAccepted(`c-${i}`, {});
      }
    } finally {
      vi.useRealTimers();
    }
    const stored = await storedChats();
    expect(Object.keys(stored)).toHaveLength(200);
    expect(stored['c-0']).toBeUndefined();
    expect(stored['c-204']).toBeDefined();
  });
});
