// A loopback HTTP proxy that records what passes through it. Set as the extension's authBaseUrl,
// it sees the worker's sign-in traffic (authorize redirects carrying the code, the token request
// carrying the code and PKCE verifier, the token response), which Playwright's page-level routing
// cannot see and the emulator deliberately does not log.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  requestBody: string;
  status: number;
  location?: string;
  responseBody: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const responseBody = Buffer.concat(body);
            exchanges.push({
              method: req.method ?? '',
              path: req.url ?? '',
              requestBody: requestBody.toString('utf8'),
              status: answer.statusCode ?? 0,
              location: answer.headers.location,
              responseBody: responseBody.toString('utf8'),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(responseBody);
          });
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recording proxy: upstream ${target} failed: ${error.message}`);
      });
      forward.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The authorization codes, PKCE verifiers and access tokens seen in the token exchanges. */
export function secretsIn(exchanges: Exchange[]) {
  const tokenCalls = exchanges.filter((e) => e.method === 'POST' && e.path.startsWith('/oauth/token'));
  const form = tokenCalls.map((e) => new URLSearchParams(e.requestBody));
  const tokens = tokenCalls.flatMap((e) => {
    try {
      return [(JSON.parse(e.responseBody) as { access_token?: string }).access_token ?? ''];
    } catch {
      return [];
    }
  });
  const redirectCodes = exchanges.flatMap((e) => {
    const code = e.location ? new URL(e.location, 'http://x').searchParams.get('code') : null;
    return code ? [code] : [];
  });
  return {
    codes: [...new Set([...form.map((f) => f.get('code') ?? ''), ...redirectCodes])].filter(Boolean),
    verifiers: form.map((f) => f.get('code_verifier') ?? '').filter(Boolean),
    tokens: tokens.filter(Boolean),
  };
}
