import { fakeBrowser } from '@webext-core/fake-browser';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type browser from 'webextension-polyfill';
import { handlers } from '../../../src/background/handlers';
import { createRouter } from '../../../src/background/router';
import { dropMirror } from '../../../src/background/sessions/records';
import { getSettings, invalidateSettings } from '../../../src/background/settings';
import { type MessageName, messages } from '../../../src/shared/messages';
import { fakePlatform } from '../helpers/fake-platform';
import { boundIdentity, signedInWorker } from '../helpers/worker-state';
import {
  ALLOWED,
  DESKTOP_PATTERN,
  type HostileSender,
  invalidPayload,
  MESSAGE_NAMES,
  notAnEnvelope,
  senders,
  unknownType,
} from './arbitraries';
import { PROPERTY_TIMEOUT_MS } from './budget';

// The worker's only message entry, with the real handlers on the in-memory browser and a platform
// that counts every call. Whatever arrives, from whoever, the router must answer with a reply and
// never throw; what it refuses must cause no platform call, no fetch and no storage write.

let fake = fakePlatform();
vi.mock('../../../src/background/platform', () => ({ platformFor: () => fake.platform }));

const route = createRouter(handlers);
let effects: string[] = [];

function countPlatformCalls() {
  const platform = fake.platform as unknown as Record<string, unknown>;
  for (const [name, method] of Object.entries(platform)) {
    if (typeof method !== 'function') continue;
    platform[name] = (...args: unknown[]) => {
      effects.push(`platform.${name}`);
      return (method as (...a: unknown[]) => unknown)(...args);
    };
  }
}

function countEffects() {
  effects = [];
  countPlatformCalls();
  for (const area of ['local', 'sync', 'session'] as const) {
    for (const op of ['set', 'remove', 'clear'] as const) {
      const original = fakeBrowser.storage[area][op].bind(fakeBrowser.storage[area]) as (
        ...a: unknown[]
      ) => unknown;
      vi.spyOn(fakeBrowser.storage[area], op).mockImplementation(((...args: unknown[]) => {
        effects.push(`storage.${area}.${op}`);
        return original(...args);
      }) as never);
    }
  }
  vi.stubGlobal('fetch', (input: unknown) => {
    effects.push(`fetch ${String(input)}`);
    return Promise.reject(new TypeError('no network in unit tests'));
  });
}

beforeEach(async () => {
  fake = fakePlatform();
  invalidateSettings();
  dropMirror();
  await signedInWorker({ desktopUrlPatterns: [DESKTOP_PATTERN] });
  await getSettings(); // its first read stores lastValidSettings; that write is not the input's doing
  countEffects();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

async function send(raw: unknown, { sender }: HostileSender) {
  const reply = await route(raw, sender as browser.Runtime.MessageSender);
  // Let anything the handler left running settle, so a late rejection is seen here.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled).toEqual([]);
  return reply;
}

function expectRefused(reply: unknown, code: string, type?: string) {
  expect(reply).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
  const { message } = (reply as { error: { message: string } }).error;
  expect(message.length).toBeGreaterThan(0);
  if (type) expect(message.startsWith(`"${type}`)).toBe(true);
  expect(effects).toEqual([]);
}

const RUNS = 600;

describe('router under hostile input', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it('answers anything that is not a { type, payload } envelope with bad-message', async () => {
    await fc.assert(
      fc.asyncProperty(notAnEnvelope, senders, async (raw, sender) => {
        effects = [];
        expectRefused(await send(raw, sender), 'bad-message');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses unknown names, including Object.prototype ones, before looking at the sender', async () => {
    await fc.assert(
      fc.asyncProperty(unknownType, fc.anything(), senders, async (type, payload, sender) => {
        effects = [];
        expectRefused(await send({ type, payload }, sender), 'unknown-message');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every message from a sender not allowed for it, whatever the payload', async () => {
    const cases = fc
      .tuple(fc.constantFrom(...MESSAGE_NAMES), senders)
      .filter(([type, { kind }]) => kind !== ALLOWED[messages[type].from]);
    await fc.assert(
      fc.asyncProperty(cases, fc.anything(), async ([type, sender], payload) => {
        effects = [];
        expectRefused(await send({ type, payload }, sender), 'forbidden-sender', type);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses a payload its schema does not allow, naming the message, from an allowed sender', async () => {
    const cases = fc.constantFrom(...MESSAGE_NAMES).chain((type) =>
      fc.tuple(
        fc.constant(type),
        invalidPayload(type),
        senders.filter(({ kind }) => kind === ALLOWED[messages[type].from]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([type, payload, sender]) => {
        effects = [];
        expectRefused(await send({ type, payload }, sender), 'bad-payload', type);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('router under valid but repeated and interleaved chat events', {
  timeout: PROPERTY_TIMEOUT_MS,
}, () => {
  it('starts sessions only for allowed senders, never two live at once for one conversation', async () => {
    const id = fc.constantFrom('c-1', 'c-2', 'c-3');
    const event = fc.record({
      type: fc.constantFrom<MessageName>('chat-accepted', 'chat-ended', 'start-session', 'end-session'),
      conversationId: id,
      // Mostly allowed senders, so starts really happen; the rest hostile.
      sender: fc.oneof(
        senders,
        senders.filter(({ kind }) => kind === 'desktop-top' || kind === 'extension-page'),
      ),
    });
    let started = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 12 }), async (events) => {
        fake = fakePlatform();
        dropMirror();
        await fakeBrowser.storage.local.clear();
        // The agent stays signed in (the identity lives in storage.local beside the records).
        await fakeBrowser.storage.local.set({ identity: boundIdentity() });
        countPlatformCalls();
        const replies = await Promise.all(
          events.map(({ type, conversationId, sender }) =>
            send(
              {
                type,
                payload: type.startsWith('chat')
                  ? { conversationId, source: 'page-event' }
                  : { conversationId },
              },
              sender,
            ),
          ),
        );
        for (const [i, reply] of replies.entries()) {
          const { type, sender } = events[i] as (typeof events)[number];
          const allowed = sender.kind === ALLOWED[messages[type].from];
          if (!allowed) expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
        }
        // start-session is fire-and-forget; its work is promises only, so one macrotask settles it.
        await new Promise((resolve) => setImmediate(resolve));
        expect(await pendingStarts()).toBe(0);
        started += fake.posts.length;
        for (const conversationId of new Set(fake.posts.map((p) => p.conversationId))) {
          const mine = events.filter((e) => e.conversationId === conversationId && allowedEvent(e));
          // Asked for by an allowed sender; automatic accepts alone never start a second session
          // (only the agent's explicit Start after an end does).
          expect(mine.some((e) => e.type === 'chat-accepted' || e.type === 'start-session')).toBe(true);
          const posts = fake.posts.filter((p) => p.conversationId === conversationId).length;
          if (!mine.some((e) => e.type === 'start-session')) expect(posts).toBe(1);
          const live = fake.sessions.filter(
            (s) => s.conversationId === conversationId && s.state === 'pending',
          );
          expect(live.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 150 },
    );
    expect(started).toBeGreaterThan(50); // the property really exercised starts
  });
});

function allowedEvent(e: { type: MessageName; sender: HostileSender }) {
  return e.sender.kind === ALLOWED[messages[e.type].from];
}

async function pendingStarts(): Promise<number> {
  const all = await fakeBrowser.storage.local.get(null);
  return Object.entries(all).filter(
    ([key, r]) => key.startsWith('conv:') && (r as { state: string }).state === 'starting',
  ).length;
}
