import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CobrowseSession, Emulator } from '../../../emulator/server';
import { acceptedConversation, call, SESSIONS, sessionBody, start, userToken } from './helpers';

let emu: Emulator;
let ada: string;
const POST_SESSIONS = `POST ${SESSIONS}`;
beforeAll(async () => {
  emu = await start();
  ada = await userToken(emu);
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

const post = (body: unknown = sessionBody(acceptedConversation(emu)), init: RequestInit = {}) =>
  fetch(`${emu.url}${SESSIONS}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ada}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });

describe('injected faults', () => {
  it('answers with a status and Retry-After for the next N requests, then behaves again', async () => {
    emu.injectFault(POST_SESSIONS, { status: 503, retryAfter: 7, times: 2 });
    for (const _ of [1, 2]) {
      const res = await post();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toMatchObject({ errors: [{ code: 'injected_fault' }] });
    }
    expect((await post()).status).toBe(201);
    expect(emu.sessions()).toHaveLength(1);
  });

  it('can answer 201 with a body that does not match, without creating anything', async () => {
    emu.injectFault(POST_SESSIONS, { status: 201, body: '{"unexpected":true}' });
    const res = await post();
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ unexpected: true });
    expect(emu.sessions()).toHaveLength(0);
  });

  it('can answer HTML instead of JSON', async () => {
    emu.injectFault('GET /api/v2/users/me', {
      status: 200,
      body: '<html>login</html>',
      contentType: 'text/html',
    });
    const res = await call(emu, ada, 'GET', '/api/v2/users/me');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html>login</html>');
  });

  it('can answer a 10 MB body, announced by Content-Length', async () => {
    const bytes = 10 * 1024 * 1024;
    emu.injectFault('GET /api/v2/users/me', { hugeBodyBytes: bytes });
    const res = await call(emu, ada, 'GET', '/api/v2/users/me');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes));
    const body = await res.text();
    expect(body.length).toBe(bytes);
    expect(body.startsWith('{"padding":"')).toBe(true);
  });

  it('delays the real handler', async () => {
    emu.injectFault(POST_SESSIONS, { delayMs: 150 });
    const started = performance.now();
    const res = await post();
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(res.status).toBe(201);
  });

  it('closeAfterCommit creates the session, drops the connection, and the session can be found', async () => {
    emu.injectFault(POST_SESSIONS, { closeAfterCommit: true });
    const body = sessionBody(acceptedConversation(emu));
    await expect(post(body)).rejects.toThrow();
    const found = await call(emu, ada, 'GET', `${SESSIONS}?externalSessionId=${body.externalSessionId}`);
    const { entities } = (await found.json()) as { entities: CobrowseSession[] };
    expect(entities).toMatchObject([{ externalSessionId: body.externalSessionId, state: 'pending' }]);
    expect(emu.requestLog().find((r) => r.method === 'POST')).toMatchObject({
      status: 201,
      fault: 'closeAfterCommit',
    });
  });

  it('closeAfterCommit runs the real handler even when a status is given', async () => {
    emu.injectFault(POST_SESSIONS, { closeAfterCommit: true, status: 500 });
    await expect(post()).rejects.toThrow();
    expect(emu.sessions()).toHaveLength(1);
  });

  it('hang with a status sends headers and never finishes the body', async () => {
    emu.injectFault(POST_SESSIONS, { hang: true, status: 200 });
    const abort = new AbortController();
    const res = await post(undefined, { signal: abort.signal });
    expect(res.status).toBe(200);
    const reading = res.text();
    setTimeout(() => abort.abort(), 100);
    await expect(reading).rejects.toThrow();
  });

  it('hang without a status never answers at all', async () => {
    emu.injectFault(POST_SESSIONS, { hang: true });
    await expect(post(undefined, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/timeout|aborted/i);
    expect(emu.sessions()).toHaveLength(0);
  });

  it('close() does not wait for hanging requests', async () => {
    const other = await start();
    other.injectFault('GET /desktop', { hang: true });
    const pending = fetch(`${other.url}/desktop`).catch((error: unknown) => error);
    await expect.poll(() => other.requestLog().length).toBe(1);
    await other.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('matches :param and * segments and any method with *', async () => {
    emu.injectFault(`GET ${SESSIONS}/:id`, { status: 500 });
    emu.injectFault('* /api/v2/*/me', { status: 502 });
    expect((await call(emu, ada, 'GET', `${SESSIONS}/abc`)).status).toBe(500);
    expect((await call(emu, ada, 'GET', `${SESSIONS}/abc`)).status).toBe(404);
    expect((await call(emu, ada, 'GET', '/api/v2/users/me')).status).toBe(502);
  });

  it('does not touch other routes', async () => {
    emu.injectFault(POST_SESSIONS, { status: 500 });
    expect((await call(emu, ada, 'GET', '/api/v2/users/me')).status).toBe(200);
    expect((await post()).status).toBe(500);
  });

  it.each([
    ['a route without a method', '/api', { status: 500 }, /bad route/],
    ['an unknown field', 'GET /x', { sttaus: 500 }, /sttaus/],
    ['a status out of range', 'GET /x', { status: 99 }, /status/],
    ['hang with closeAfterCommit', 'GET /x', { hang: true, closeAfterCommit: true }, /cannot be combined/],
    ['zero times', 'GET /x', { status: 500, times: 0 }, /times/],
  ])('refuses a fault with %s, naming the problem', (_name, route, fault, message) => {
    expect(() => emu.injectFault(route, fault as never)).toThrow(message);
  });

  it('reset() disarms faults', async () => {
    emu.injectFault(POST_SESSIONS, { status: 500 });
    emu.reset();
    expect((await post()).status).toBe(201);
  });
});
