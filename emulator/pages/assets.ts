// Static files for the pages, served from an allow-list so no path can escape emulator/public.
import { readFile } from 'node:fs/promises';
import { apiError, type Reply } from '../http';
import type { Route } from '../router';

const PUBLIC_DIR = new URL('../public/', import.meta.url);
const ASSETS: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
  'desktop.js': 'text/javascript; charset=utf-8',
  'customer.js': 'text/javascript; charset=utf-8',
};

export function assetRoutes(): Route[] {
  return [{ method: 'GET', pattern: '/assets/:name', handler: (c) => serveAsset(c.params.name ?? '') }];
}

async function serveAsset(name: string): Promise<Reply> {
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!type) return apiError(404, 'not_found', `Asset ${name} was not found.`);
  const body = await readFile(new URL(name, PUBLIC_DIR));
  return { status: 200, headers: { 'content-type': type, 'cache-control': 'no-cache' }, body };
}
