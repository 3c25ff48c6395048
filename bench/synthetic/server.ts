import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Path under the desktop pattern (http://127.0.0.1/desktop*): the content script is injected. */
export const WITH_SCRIPT = '/desktop-busy';
/** Same origin, same page, outside the pattern: no content script. */
export const WITHOUT_SCRIPT = '/plain-busy';

/** The reference extension's desktop (bench/reference): outside our pattern, so only it reacts. */
export const REFERENCE_DESKTOP = '/reference-desktop';

const REFERENCE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference desktop</title></head>
<body data-ready="true"><p>The reference extension's desktop: accept events only.</p></body></html>`;

const HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busy desktop</title></head>
<body><ol id="conversations"></ol><textarea id="reply" aria-label="Reply"></textarea><script src="/busy-desktop.js"></script></body></html>`;

/** A loopback-only server for the synthetic desktop; nothing else is reachable through it. */
export async function startSyntheticDesktop(): Promise<{ url: string; close(): Promise<void> }> {
  const script = readFileSync(join(import.meta.dirname, 'busy-desktop.js'));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === WITH_SCRIPT || path === WITHOUT_SCRIPT) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(HTML);
    }
    if (path === REFERENCE_DESKTOP) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(REFERENCE_HTML);
    }
    if (path === '/busy-desktop.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return void res.end(script);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error('Synthetic desktop: cannot listen on 127.0.0.1', { cause: error })),
    );
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
