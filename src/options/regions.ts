import type { Settings } from '../shared/settings';

export interface Region {
  id: string;
  platform: Settings['platform'];
  authBaseUrl: string;
  apiBaseUrl: string;
}

/** Genesys Cloud's hosts, as its official SDK lists them: auth at login.<host>, API at api.<host>. */
const GENESYS_HOSTS = [
  'mypurecloud.com',
  'mypurecloud.ie',
  'mypurecloud.de',
  'mypurecloud.com.au',
  'mypurecloud.jp',
  'usw2.pure.cloud',
  'cac1.pure.cloud',
  'apne2.pure.cloud',
  'euw2.pure.cloud',
  'aps1.pure.cloud',
  'use2.us-gov-pure.cloud',
  'sae1.pure.cloud',
  'mec1.pure.cloud',
  'apne3.pure.cloud',
  'euc2.pure.cloud',
  'mxc1.pure.cloud',
  'apse1.pure.cloud',
];

/** The sessions-api platform has no public regions: its URLs are always entered (Custom). */
export const REGIONS: readonly Region[] = GENESYS_HOSTS.map((host) => ({
  id: host,
  platform: 'genesys-cloud',
  authBaseUrl: `https://login.${host}`,
  apiBaseUrl: `https://api.${host}`,
}));

export const CUSTOM = 'custom';

export function regionsFor(platform: string): Region[] {
  return REGIONS.filter((region) => region.platform === platform);
}

/** The region whose URLs these are (trailing slashes aside), or Custom. */
export function regionOf(platform: string, authBaseUrl = '', apiBaseUrl = ''): string {
  const trim = (url: string) => url.replace(/\/+$/, '');
  const match = regionsFor(platform).find(
    (region) => region.authBaseUrl === trim(authBaseUrl) && region.apiBaseUrl === trim(apiBaseUrl),
  );
  return match?.id ?? CUSTOM;
}
