import type { BrowserContext, CDPSession, Page } from 'playwright-core';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * A DevTools session on the extension's service worker. Playwright only opens CDP sessions on
 * pages, so this attaches through a page session in the old non-flattened mode, where the
 * worker's protocol travels inside Target.sendMessageToTarget / receivedMessageFromTarget.
 */
export interface WorkerCdp {
  targetId: string;
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Calls `listener` with each event's params of `method` (e.g. HeapProfiler.addHeapSnapshotChunk). */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void;
  /** The worker's target id now: differs from `targetId` if the worker restarted meanwhile. */
  currentTargetId(): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function attachToWorker(context: BrowserContext, extensionId: string): Promise<WorkerCdp> {
  const page: Page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  const findWorker = async () => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
  };
  const target = await findWorker();
  if (!target) throw new Error('No running service worker target for the extension: wake it first.');
  const { sessionId } = (await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };

  let nextId = 0;
  const listeners = new Set<[string, (params: Record<string, unknown>) => void]>();
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      result?: unknown;
      error?: { message: string };
    };
    if (message.method !== undefined)
      for (const [m, listener] of listeners) if (m === message.method) listener(message.params ?? {});
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (!pending || message.id === undefined) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(`worker CDP: ${message.error.message}`));
    else pending.resolve(message.result);
  });

  return {
    targetId: target.targetId,
    send<T>(method: string, params: Record<string, unknown> = {}) {
      const id = ++nextId;
      const answer = new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        setTimeout(() => {
          if (waiting.delete(id)) reject(new Error(`worker CDP: ${method} got no answer in 30 s.`));
        }, 30_000).unref();
      });
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
      return answer;
    },
    on(method, listener) {
      const entry: [string, (params: Record<string, unknown>) => void] = [method, listener];
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    currentTargetId: async () => (await findWorker())?.targetId,
    async close() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      await page.close();
    },
  };
}
