import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Emulator, Fault } from '../../emulator/server';
import { signedInDesk } from './fixtures/desk';
import type { ExtensionBrowser } from './fixtures/extension';
import { acceptChat } from './fixtures/flows';
import {
  ask,
  type ConsoleLine,
  CREATE,
  creates,
  recordConsole,
  sessionsFor,
  stored,
} from './support/harness';

const BUDGET_MS = 8_000;
const TIMEOUT_MS = 2_500;

// The platform answers the create POST with garbage. Each must end as a clear cause on the record
// (never a crash, never a false pending or active), and the worker keeps answering afterwards.
describe('garbage answers to the create POST', () => {
  let emulator: Emulator;
  let browser: ExtensionBrowser;
  let desktop: Page;
  let page: Page;
  let lines: ConsoleLine[];

  signedInDesk((desk) => ({ emulator, browser, page, desktop } = desk), {
    launched: (started) => {
      lines = recordConsole(started.context);
    },
    // A short start budget and request timeout (settings), so the never-ending answers below are
    // cut off in seconds instead of the defaults' 10 s per request and 30 s per start.
    settings: { startBudgetMs: BUDGET_MS, requestTimeoutMs: TIMEOUT_MS },
  });

  async function startWith(fault: Fault & { times?: number }) {
    const { id } = emulator.createConversation();
    emulator.injectFault(CREATE, fault);
    await acceptChat(desktop, id);
    await expect
      .poll(async () => (await stored(browser, id))?.state, { timeout: BUDGET_MS + 3 * TIMEOUT_MS + 8_000 })
      .toMatch(/^(failed|pending)$/);
    // The worker is alive and answering.
    expect(await ask(page, 'get-status')).toMatchObject({ ok: true });
    return { id, record: (await stored(browser, id)) ?? expect.unreachable('no record') };
  }

  it.each([
    ['a 201 whose JSON is not a session', { status: 201, body: '{"hello":"world","id":42}' }],
    [
      'HTML instead of JSON',
      { status: 201, body: '<!doctype html><title>Gateway</title><p>Hi', contentType: 'text/html' },
    ],
    ['a 10 MB JSON body', { status: 201, hugeBodyBytes: 10 * 1024 * 1024 }],
  ] as const)('%s → failed, bad-response, one POST', async (_name, fault) => {
    const { id, record } = await startWith({ ...fault, times: 1 });
    expect(record).toMatchObject({ state: 'failed', cause: { code: 'bad-response' } });
    expect(record.sessionId).toBeUndefined();
    expect(creates(emulator)).toHaveLength(1);
    expect(sessionsFor(emulator, id)).toHaveLength(0);
  });

  it('a response that never ends: the attempt times out, is looked up, and the retry starts one session', async () => {
    const { id, record } = await startWith({ status: 201, hang: true, times: 1 });
    expect(record.attempts[0]?.cause?.code).toBe('timeout');
    expect(record).toMatchObject({ state: 'pending', sessionId: sessionsFor(emulator, id)[0]?.id });
    expect(creates(emulator).map((r) => r.status)).toEqual([201, 201]); // the hung one, then the real one
    expect(sessionsFor(emulator, id)).toHaveLength(1);
  });

  it('responses that never end, every time: failed with timeout once the start budget is spent', async () => {
    const { id, record } = await startWith({ status: 201, hang: true, times: 10 });
    expect(record).toMatchObject({ state: 'failed', cause: { code: 'timeout' } });
    expect(record.attempts.every((a) => a.cause?.code === 'timeout')).toBe(true);
    expect(sessionsFor(emulator, id)).toHaveLength(0);
    expect(lines.filter((l) => l.type === 'error' && l.where.includes(browser.extensionId))).toEqual([]);
  });
});
