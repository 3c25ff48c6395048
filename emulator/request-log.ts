// What the emulator saw, for tests that assert on timing and on what the extension sent.
import { performance } from 'node:perf_hooks';
import type { LoggedRequest } from './types';

/** Keeps memory bounded when the demo runs for hours with the desktop polling. */
const MAX_ENTRIES = 10_000;

export class RequestLog {
  #entries: LoggedRequest[] = [];

  /** Opens an entry at receipt; the caller fills in `status` when it answers. */
  start(method: string, path: string): LoggedRequest {
    const entry: LoggedRequest = {
      method,
      path,
      status: null,
      receivedAt: performance.timeOrigin + performance.now(),
    };
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
    return entry;
  }

  entries(): LoggedRequest[] {
    return this.#entries.map((entry) => structuredClone(entry));
  }

  clear(): void {
    this.#entries = [];
  }
}
