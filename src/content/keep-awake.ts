import { DESKTOP_AWAKE_PORT, DESKTOP_PING_MS } from '../shared/ports';

/**
 * Keeps the worker running while this desktop tab is visible, so the accept that comes minutes
 * after the last one is a warm accept (≈ 10 ms) and not a cold one (a worker start-up, 80 ms and
 * more). One port message every DESKTOP_PING_MS; each is an event for the worker, which resets
 * Chrome's 30 s idle timer. Hidden tab or closed page: no pings, and Chrome may stop the worker
 * as usual. A lost port (the worker was stopped anyway: update, crash, DevTools) is reopened at
 * the next ping, not at once, so a stop is never fought in a loop.
 */
export function keepWorkerAwake(signal: AbortSignal): void {
  let port: chrome.runtime.Port | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const drop = () => {
    port?.disconnect();
    port = undefined;
  };
  const ping = () => {
    try {
      if (!port) {
        const opened = chrome.runtime.connect({ name: DESKTOP_AWAKE_PORT });
        opened.onDisconnect.addListener(() => {
          void chrome.runtime.lastError; // read, so a stopped worker is not reported as an error
          if (port === opened) port = undefined;
        });
        port = opened;
      }
      port.postMessage('ping');
    } catch {
      port = undefined; // a port that died between two pings: reopened at the next one
      // The extension was reloaded or removed: this page's script is orphaned; stop for good.
      if (!chrome.runtime?.id) stop();
    }
  };
  const start = () => {
    if (timer !== undefined) return;
    ping(); // coming back to the tab wakes the worker before the agent can click Accept
    timer = setInterval(ping, DESKTOP_PING_MS);
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    drop();
  };
  const follow = () => (document.visibilityState === 'visible' ? start() : stop());

  document.addEventListener('visibilitychange', follow, { signal });
  signal.addEventListener('abort', stop, { once: true });
  follow();
}
