// Hostile inputs for the worker's message entry: senders by kind (so each property knows what the
// router must answer without re-implementing it) and payloads that are invalid by construction.
import fc from 'fast-check';
import { type MessageName, messages } from '../../../src/shared/messages';

export const OWN_ID = 'test-extension-id'; // @webext-core/fake-browser's runtime.id
export const DESKTOP_PATTERN = 'http://127.0.0.1/desktop*';
export const MESSAGE_NAMES = Object.keys(messages) as MessageName[];

export type SenderKind =
  | 'desktop-top'
  | 'desktop-subframe'
  | 'desktop-no-tab'
  | 'extension-page'
  | 'foreign-extension'
  | 'web-page'
  | 'lookalike-desktop'
  | 'lookalike-extension';

/** Which kinds of sender the router must let through for messages `from` content or extension. */
export const ALLOWED: Record<'content' | 'extension', SenderKind> = {
  content: 'desktop-top',
  extension: 'extension-page',
};

const tab = fc.record({ id: fc.integer({ min: 1, max: 2 ** 31 }) });
const desktopUrl = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.webQueryParameters())
  .map(([port, query]) => `http://127.0.0.1:${port}/desktop${query ? `?${query}` : ''}`);

/** URLs that look like the desktop to a careless check but are not covered by its pattern. */
const lookalikeDesktop = fc.constantFrom(
  'https://127.0.0.1/desktop',
  'http://127.0.0.1.evil.example/desktop',
  'http://evil.example/?u=http://127.0.0.1/desktop',
  'http://evil.example/http://127.0.0.1/desktop',
  'http://localhost/desktop',
  'http://[::1]/desktop',
  'http://127.0.0.1/customer/desktop',
  'http://127.0.0.1/',
  'file:///desktop',
  'about:blank',
  'data:text/html,desktop',
  'blob:http://127.0.0.1/desktop',
  'javascript:alert(1)//http://127.0.0.1/desktop',
  '',
);
const lookalikeExtension = fc.constantFrom(
  `chrome-extension://${OWN_ID}x/src/popup/index.html`,
  `chrome-extension://x${OWN_ID}/src/popup/index.html`,
  `http://${OWN_ID}/src/popup/index.html`,
  `chrome-extension://${OWN_ID.toUpperCase()}/src/popup/index.html`,
  `chrome-extension:/${OWN_ID}/`,
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/popup/index.html',
);
const foreignId = fc.oneof(
  fc.string({ maxLength: 40 }).filter((id) => id !== OWN_ID),
  fc.constantFrom(undefined, '', OWN_ID.toUpperCase(), `${OWN_ID} `, 'abcdefghijklmnopabcdefghijklmnop'),
);

export interface HostileSender {
  kind: SenderKind;
  sender: { id?: string; url?: string; origin?: string; frameId?: number; tab?: { id: number } };
}

export const senders: fc.Arbitrary<HostileSender> = fc.oneof(
  fc.record({ tab, url: desktopUrl }).map(({ tab, url }) => ({
    kind: 'desktop-top' as const,
    sender: { id: OWN_ID, url, origin: new URL(url).origin, frameId: 0, tab },
  })),
  fc.record({ tab, url: desktopUrl, frameId: fc.integer({ min: 1, max: 1e6 }) }).map((s) => ({
    kind: 'desktop-subframe' as const,
    sender: { id: OWN_ID, ...s },
  })),
  desktopUrl.map((url) => ({ kind: 'desktop-no-tab' as const, sender: { id: OWN_ID, url, frameId: 0 } })),
  fc.constantFrom('src/popup/index.html', 'src/options/index.html', '').map((path) => ({
    kind: 'extension-page' as const,
    sender: {
      id: OWN_ID,
      url: `chrome-extension://${OWN_ID}/${path}`,
      origin: `chrome-extension://${OWN_ID}`,
    },
  })),
  fc
    .record({
      id: foreignId,
      url: fc.oneof(desktopUrl, fc.constant(`chrome-extension://${OWN_ID}/src/popup/index.html`)),
      tab,
    })
    .map(({ id, url, tab }) => ({
      kind: 'foreign-extension' as const,
      sender: { ...(id === undefined ? {} : { id }), url, frameId: 0, tab },
    })),
  fc
    .record({ tab, url: fc.webUrl({ withQueryParameters: true, withFragments: true }) })
    .map(({ tab, url }) => ({
      kind: 'web-page' as const,
      sender: { id: OWN_ID, url, frameId: 0, tab },
    })),
  fc.record({ tab, url: lookalikeDesktop }).map(({ tab, url }) => ({
    kind: 'lookalike-desktop' as const,
    sender: { id: OWN_ID, url, frameId: 0, tab },
  })),
  fc.record({ url: lookalikeExtension }).map(({ url }) => ({
    kind: 'lookalike-extension' as const,
    sender: { id: OWN_ID, url },
  })),
);

const validId = fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/);
const badId = fc.oneof(
  fc.constantFrom('', ' ', 'a b', '../x', 'a/b', '<script>', 'x'.repeat(129), '\u0000', 'é', '%2e%2e'),
  fc.string({ minLength: 1, maxLength: 200 }).filter((s) => !/^[A-Za-z0-9._:-]{1,128}$/.test(s)),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object()),
);
const notAnObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything()),
);
const source = fc.constantFrom('page-event', 'dom-rule', 'popup', 'notification');

/** A payload the message's schema must refuse, built so that by construction. */
export function invalidPayload(type: MessageName): fc.Arbitrary<unknown> {
  const extraKey = fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((k) => !['tabId', 'conversationId', 'enabled'].includes(k));
  switch (type) {
    case 'chat-accepted':
    case 'chat-ended':
      return fc.oneof(
        notAnObject,
        fc.record({ conversationId: badId, source }),
        fc.record({
          conversationId: validId,
          source: fc.string().filter((s) => !['page-event', 'dom-rule', 'popup', 'notification'].includes(s)),
        }),
        fc.record({ source }),
      );
    case 'get-status':
      return fc.oneof(
        notAnObject,
        fc.record({ tabId: fc.oneof(fc.double({ noInteger: true }), fc.string(), fc.constant(null)) }),
        fc.dictionary(extraKey, fc.anything(), { minKeys: 1 }),
      );
    case 'start-session':
    case 'end-session':
      return fc.oneof(
        notAnObject,
        fc.record({ conversationId: badId }),
        fc.record({ conversationId: validId, x: fc.anything() }),
        fc.constant({}),
      );
    case 'set-auto-start':
      return fc.oneof(
        notAnObject,
        fc.record({ enabled: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
        fc.constant({}),
      );
    default:
      // Every other message takes exactly {}: anything else, including an extra key, is refused.
      return fc.oneof(
        notAnObject.filter((v) => v !== undefined),
        fc.dictionary(extraKey, fc.anything(), { minKeys: 1 }),
      );
  }
}

/** Raw messages that are not even a `{ type, payload }` envelope, or name no message we have. */
export const notAnEnvelope = fc.oneof(
  notAnObject,
  fc.constant(undefined),
  fc.record({ payload: fc.anything() }),
  fc.record({
    type: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string()), fc.object()),
    payload: fc.anything(),
  }),
  fc.record({ type: fc.string({ minLength: 65, maxLength: 300 }), payload: fc.anything() }),
);
export const unknownType = fc
  .oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'Get-Status',
      'get-status ',
      '',
    ),
    fc.string({ maxLength: 64 }),
  )
  .filter((t) => !MESSAGE_NAMES.includes(t as MessageName));
