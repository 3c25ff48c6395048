import type { Settings } from '../../shared/settings-base';
import { genesysCloud } from './genesys-cloud';
import { sessionsApi } from './sessions-api';
import type { Platform } from './types';

const platforms: Record<Settings['platform'], Platform> = {
  'sessions-api': sessionsApi,
  'genesys-cloud': genesysCloud,
};

export function platformFor(settings: Settings): Platform {
  return platforms[settings.platform];
}
