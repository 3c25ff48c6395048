import type browser from 'webextension-polyfill';
import { DESKTOP_AWAKE_PORT } from '../shared/ports';

/**
 * A visible desktop tab's port (content/keep-awake.ts). Nothing is done with its pings: their
 * arrival is an event, and events are what keep Chrome from stopping an idle worker. Only our own
 * content script's top frame may hold one; anything else is disconnected at once.
 */
export function acceptDesktopPort(port: browser.Runtime.Port, extensionId: string): void {
  if (port.name !== DESKTOP_AWAKE_PORT) return;
  const sender = port.sender;
  if (sender?.id !== extensionId || sender.tab?.id === undefined || sender.frameId !== 0) {
    port.disconnect();
    return;
  }
  // A listener, so the messages are delivered here (and count as activity); the pings carry nothing.
  port.onMessage.addListener(() => undefined);
}
