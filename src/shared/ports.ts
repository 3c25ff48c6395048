// Port names, shared by the pages and content script that connect and the worker that answers.
// Plain constants: the content script imports this file and must stay free of zod and the polyfill.

/** The popup's port: while one is open the worker polls followed sessions every second (follow.ts). */
export const LIVE_PORT = 'live';

/**
 * A visible agent-desktop tab's port (content/keep-awake.ts): its pings keep the worker from idling
 * out, so an accept minutes after the last one finds it running (background/keep-awake.ts).
 */
export const DESKTOP_AWAKE_PORT = 'desktop-awake';

/**
 * Between two pings of a visible desktop tab. Chrome stops a worker after 30 s without an event
 * (each event, a port message included, resets that timer since Chrome 110): 20 s leaves 10 s for
 * a busy main thread or a throttled timer.
 */
export const DESKTOP_PING_MS = 20_000;
