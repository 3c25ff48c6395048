import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/server';
import { PROPERTY_TIMEOUT_MS } from '../fuzz/budget';
import { acceptedConversation, call, SESSIONS, snapshot, start, tokenRequest, userToken } from './helpers';

let emu: Emulator;
let ada: string;
beforeAll(async () => {
  emu = await start({ rateLimit: { max: 10_000, windowMs: 1000 } });
  ada = await userToken(emu);
});
afterAll(() => emu.close());

/** Sends raw bytes and returns the status line, so malformed HTTP can be tested. */
function raw(request: string): Promise<string> {
  const { port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
    });
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('bad input never crashes the server', { timeout: PROPERTY_TIMEOUT_MS }, () => {
  it.each([
    ['a malformed request line', 'GARBAGE\r\n\r\n', /^HTTP\/1\.1 400/],
    [
      'an absolute-form target',
      'GET http://evil.example/api/v2/users/me HTTP/1.1\r\nHost: x\r\n\r\n',
      / 400 /,
    ],
    [
      'a broken percent-encoding',
      `GET ${SESSIONS}/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      / 404 /,
    ],
    ['a bad Content-Length', 'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', / 400 /],
  ])('answers %s', async (_name, request, status) => {
    expect(await raw(request)).toMatch(status);
    expect((await fetch(`${emu.url}/desktop`)).status).toBe(200);
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const res = await call(emu, ada, 'PUT', SESSIONS);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, GET');
  });

  it('404s unknown paths with the platform error body', async () => {
    const res = await fetch(`${emu.url}/api/v2/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      errors: [{ code: 'not_found' }],
      contextId: expect.any(String),
    });
  });

  it('refuses an oversized token request', async () => {
    const res = await tokenRequest(emu, { grant_type: 'client_credentials', padding: 'x'.repeat(9000) });
    expect(res.status).toBe(400);
  });

  it('refuses any JSON value that is not a valid body, changing nothing', async () => {
    acceptedConversation(emu);
    const before = snapshot(emu);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await call(emu, ada, 'POST', SESSIONS, JSON.stringify(value) ?? 'null');
        expect(res.status).toBe(400);
        await res.body?.cancel();
      }),
      { numRuns: 60 },
    );
    expect(snapshot(emu)).toBe(before);
  });

  it('survives a client that disconnects mid-body', async () => {
    const { port } = new URL(emu.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST ${SESSIONS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ada}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"ext`,
        );
        setTimeout(() => socket.destroy(), 20);
      });
      socket.on('close', () => resolve());
    });
    expect((await fetch(`${emu.url}/desktop`)).status).toBe(200);
  });
});
