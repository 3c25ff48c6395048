import sdkHosts from 'purecloud-platform-client-v2/src/purecloud-platform-client-v2/PureCloudRegionHosts.js';
import { describe, expect, it } from 'vitest';
import { GENESYS_REGION_HOSTS, genesysUrls } from '../../src/shared/regions';

describe('Genesys Cloud regions', () => {
  it('are exactly the official SDK’s region hosts', () => {
    expect(GENESYS_REGION_HOSTS).toEqual(sdkHosts);
  });

  it('put auth on login.<host> and the API on api.<host>', () => {
    expect(genesysUrls('eu_central_1')).toEqual({
      authBaseUrl: 'https://login.mypurecloud.de',
      apiBaseUrl: 'https://api.mypurecloud.de',
    });
  });
});
