// The settings schema without the Public Suffix List: what the worker imports (it must never import
// settings.ts, which carries the list; scripts/check-dist.ts fails the build's check if it comes back).
import * as z from 'zod/mini';

// zod/mini sets no locale (zod classic sets English): without one, every message zod writes itself
// (a wrong type, a list too long) reads "Invalid input" in the settings problems and refused
// payloads. Here because the worker and the options page both import this file.
z.config(z.locales.en());

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The hosts where plain http (and ws) is allowed: only there does the platform emulator run. */
export const isLoopbackHost = (hostname: string) => LOOPBACK.has(hostname);

/** https anywhere; plain http only on loopback, where the platform emulator runs. */
export const BaseUrl = z.pipe(
  z.url({ message: 'must be an absolute URL such as https://api.example.com' }).check(
    z.refine((value) => {
      if (!URL.canParse(value)) return true; // z.url() above has already refused it, with its message
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    }, 'must use https (http is allowed only on 127.0.0.1, localhost or [::1])'),
    // A password in a synced setting would travel to every device, the options page and support
    // reports; the platform signs the agent in with OAuth, never with URL credentials.
    z.refine((value) => !URL.canParse(value) || !hasUserInfo(new URL(value)), {
      message: 'must not contain a user name or password',
      params: { i18n: 'error_urlUserInfo' },
    }),
  ),
  z.transform((value) => value.replace(/\/+$/, '')),
);

// Chrome match patterns, narrowed: a concrete scheme and host (no "<all_urls>", no bare "*" host).
const MATCH_PATTERN =
  /^(https?|\*):\/\/(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+|:\*)?\/.*$|^(https?|\*):\/\/\[::1\]\/.*$/i;
export const PatternSyntax = z
  .string()
  .check(
    z.regex(MATCH_PATTERN, 'must be a match pattern such as https://desk.example.com/* (a host is required)'),
  );

/** The rule's words, shared by the worker's narrow check and the options page's full one (settings.ts). */
export const PUBLIC_SUFFIX_WILDCARD = {
  message: 'must not wildcard a public suffix (use *.example.co.uk, not *.co.uk or *.github.io)',
  params: { i18n: 'error_publicSuffixWildcard' },
};

/** The base under a wildcard: `example.co.uk` for `https://*.example.co.uk/*`; undefined without one. */
export function wildcardBase(pattern: string): string | undefined {
  return /^[^:]+:\/\/\*\.([^/:]+)/.exec(pattern)?.[1];
}

/**
 * The worker's match pattern: the syntax, and no wildcard over a single label (`*.com`, `*.co`),
 * which needs no data. Whether a longer base is a public suffix (`*.co.uk`, `*.github.io`) takes the
 * Public Suffix List, which the worker does not carry (issue 15: 112 KB gzipped, twice its whole
 * budget). That check is made where a desktop pattern can gain a host permission, and the detector
 * runs only where one is held: see `MatchPattern` in settings.ts and bench/README.md "Worker bundle".
 */
export const MatchPattern = PatternSyntax.check(
  z.refine((pattern) => {
    const base = wildcardBase(pattern);
    return base === undefined || base.includes('.');
  }, PUBLIC_SUFFIX_WILDCARD),
);

function hasUserInfo(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

export const DomRule = z.object({
  selector: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(500)),
  conversationIdAttribute: z
    .string()
    .check(
      z.regex(/^[A-Za-z_][-A-Za-z0-9_.:]*$/, 'must be an HTML attribute name such as data-conversation-id'),
    ),
  /** Optional: the attribute that holds the customer's name (kept in storage.session only). */
  customerNameAttribute: z.optional(
    z
      .string()
      .check(
        z.regex(/^[A-Za-z_][-A-Za-z0-9_.:]*$/, 'must be an HTML attribute name such as data-customer-name'),
      ),
  ),
});
export type DomRule = z.infer<typeof DomRule>;

export const DEFAULT_DOM_RULE: DomRule = {
  selector: '[data-cobrowse-conversation-id][data-cobrowse-state="accepted"]',
  conversationIdAttribute: 'data-cobrowse-conversation-id',
};

export const Detection = z.object({
  pageEvent: z._default(z.boolean(), true),
  /** The platform's notification stream (Genesys Cloud); unset means on wherever the platform has one. */
  notifications: z.optional(z.boolean()),
  domRules: z._default(z.array(DomRule).check(z.maxLength(20)), [DEFAULT_DOM_RULE]),
});

/**
 * Every setting, as the worker parses them (sync and managed storage, on each wake-up). The options
 * page and the tests use the same shape with the Public Suffix List check added (settings.ts).
 */
export const Settings = z.object({
  platform: z._default(z.enum(['sessions-api', 'genesys-cloud']), 'sessions-api'),
  authBaseUrl: z.optional(BaseUrl),
  apiBaseUrl: z.optional(BaseUrl),
  clientId: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200))),
  scopes: z._default(
    z.array(
      z
        .string()
        .check(z.regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be a scope token without spaces or quotes')),
    ),
    ['cobrowse:write'],
  ),
  desktopUrlPatterns: z._default(z.array(MatchPattern).check(z.maxLength(50)), []),
  autoStart: z._default(z.boolean(), true),
  /** A system notification when a start fails or the customer declines (the agent may be in another window). */
  notifyFailures: z._default(z.boolean(), true),
  /** Genesys Cloud: offer co-browse on voice calls too (web messaging always); off unless an admin turns it on. */
  cobrowseVoice: z._default(z.boolean(), false),
  /** Whole start, all attempts included: the agent would rather see a cause than wait longer. */
  startBudgetMs: z._default(z.int().check(z.gte(1_000), z.lte(300_000)), 30_000),
  /** One HTTP request, body included (a never-ending answer is cut off at this figure). */
  requestTimeoutMs: z._default(z.int().check(z.gte(500), z.lte(120_000)), 10_000),
  /** Notification stream: no heartbeat, pong or event for this long means a half-open socket, reopened. */
  streamSilenceMs: z._default(z.int().check(z.gte(2_000), z.lte(600_000)), 90_000),
  /** A start still waiting after this long (sign-in, a dead worker) ends as expired-before-start, never POSTed. */
  staleStartMinutes: z._default(z.int().check(z.gte(1), z.lte(1_440)), 15),
  detection: z._default(Detection, { pageEvent: true, domRules: [DEFAULT_DOM_RULE] }),
});
export type Settings = z.infer<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;
export const SETTINGS_KEYS = Object.keys(Settings.shape) as (keyof Settings)[];

/** Settings the options page has no field for (set by policy or by a test): its Save keeps them. */
export const UNFORMED_KEYS = [
  'startBudgetMs',
  'requestTimeoutMs',
  'streamSilenceMs',
  'staleStartMinutes',
] as const satisfies (keyof Settings)[];

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/**
 * The scopes each platform's calls need. Genesys Cloud (per its published API definitions, see
 * docs/genesys-cloud.md): `conversations` for POST …/cobrowse and the conversation reads,
 * `notifications` for the channel and its subscriptions, `user-basic-info` for GET /users/me.
 */
export const PLATFORM_SCOPES: Record<Settings['platform'], readonly string[]> = {
  'sessions-api': ['cobrowse:write'],
  'genesys-cloud': ['conversations', 'notifications', 'user-basic-info'],
};

/** Fields that have no default and that the extension cannot work without. */
export function missingFields(settings: Settings): (keyof Settings)[] {
  const required = ['authBaseUrl', 'apiBaseUrl', 'clientId', 'desktopUrlPatterns'] as const;
  return required.filter((key) => {
    const value = settings[key];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
}

/** One line per problem, each naming the field, e.g. `authBaseUrl: must use https …`. */
export function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
}
