import { GENESYS_REGION_HOSTS, type GenesysRegion, genesysUrls } from '../shared/regions';
import type { Settings } from '../shared/settings';

export interface Region {
  id: string;
  platform: Settings['platform'];
  authBaseUrl: string;
  apiBaseUrl: string;
  /** What the admin reads: "EMEA (Frankfurt) — mypurecloud.de". */
  label: string;
  geography: Geography;
}

/**
 * Where each Genesys Cloud region runs, by its AWS region code (the SDK's PureCloudRegionHosts keys):
 * the city is AWS's own region name (docs.aws.amazon.com/general/latest/gr/mgmt-console.html).
 * unit test tests/unit/ui/options.test.ts checks every SDK host has one.
 */
const PLACES: Record<GenesysRegion, { geography: Geography; place: string }> = {
  us_east_1: { geography: 'americas', place: 'US East (N. Virginia)' },
  us_east_2: { geography: 'americas', place: 'US East (Ohio) — FedRAMP' },
  us_west_2: { geography: 'americas', place: 'US West (Oregon)' },
  ca_central_1: { geography: 'americas', place: 'Canada (Central)' },
  sa_east_1: { geography: 'americas', place: 'South America (São Paulo)' },
  mx_central_1: { geography: 'americas', place: 'Mexico (Mexico City)' },
  eu_west_1: { geography: 'emea', place: 'EMEA (Dublin)' },
  eu_west_2: { geography: 'emea', place: 'EMEA (London)' },
  eu_central_1: { geography: 'emea', place: 'EMEA (Frankfurt)' },
  eu_central_2: { geography: 'emea', place: 'EMEA (Zurich)' },
  me_central_1: { geography: 'emea', place: 'Middle East (UAE)' },
  eusc_de_east_1: { geography: 'emea', place: 'EU Sovereign Cloud (Brandenburg)' },
  ap_south_1: { geography: 'apac', place: 'Asia Pacific (Mumbai)' },
  ap_southeast_1: { geography: 'apac', place: 'Asia Pacific (Singapore)' },
  ap_southeast_2: { geography: 'apac', place: 'Asia Pacific (Sydney)' },
  ap_northeast_1: { geography: 'apac', place: 'Asia Pacific (Tokyo)' },
  ap_northeast_2: { geography: 'apac', place: 'Asia Pacific (Seoul)' },
  ap_northeast_3: { geography: 'apac', place: 'Asia Pacific (Osaka)' },
};

export const GEOGRAPHIES = ['americas', 'emea', 'apac'] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

/** The sessions-api platform has no public regions: its URLs are always entered (Custom). */
export const REGIONS: readonly Region[] = (Object.keys(GENESYS_REGION_HOSTS) as GenesysRegion[]).map(
  (code) => {
    const host = GENESYS_REGION_HOSTS[code];
    const { geography, place } = PLACES[code];
    return {
      id: host,
      platform: 'genesys-cloud',
      label: `${place} — ${host}`,
      geography,
      ...genesysUrls(code),
    };
  },
);

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
