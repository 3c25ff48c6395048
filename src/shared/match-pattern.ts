/**
 * Does `url` fall under a Chrome match pattern? Used by the worker to check which page a message
 * really came from (sender.url), so it mirrors Chrome's rules: ports are ignored unless given.
 */
export function matchesPattern(url: string, pattern: string): boolean {
  const parsed = safeUrl(url);
  const parts = /^(\*|https?):\/\/(\*|\*\.[^/:]+|[^/:]+|\[::1\])(:\d+|:\*)?(\/.*)$/.exec(pattern);
  if (!parsed || !parts) return false;
  const [, scheme, host = '', port, path = '/*'] = parts;
  const protocol = parsed.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  if (!hostMatches(parsed.hostname, host)) return false;
  if (port && port !== ':*' && parsed.port !== port.slice(1)) return false;
  return globToRegExp(path).test(parsed.pathname + parsed.search);
}

export function matchesAny(url: string | undefined, patterns: readonly string[]): boolean {
  return url !== undefined && patterns.some((pattern) => matchesPattern(url, pattern));
}

function hostMatches(hostname: string, host: string): boolean {
  if (host === '*') return true;
  if (host.startsWith('*.')) {
    const base = host.slice(2).toLowerCase();
    return hostname === base || hostname.endsWith(`.${base}`);
  }
  return hostname === host.toLowerCase();
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The host-permission pattern for a URL's origin, without its port: Chrome treats a pattern without
 * a port as any port, and Firefox refuses a pattern that names one (MDN "Match patterns": "Firefox
 * doesn't support the inclusion of a port number", bugs 1362809 and 1468162), so
 * `permissions.contains` would throw there for `http://127.0.0.1:8080/*`.
 */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}
