import type { Settings } from '../../shared/settings';
import { sessionsApi } from './sessions-api';
import type { Platform } from './types';

const platforms: Partial<Record<Settings['platform'], Platform>> = {
  'sessions-api': sessionsApi,
};

export function platformFor(settings: Settings): Platform {
  const platform = platforms[settings.platform];
  if (!platform) throw new Error(`Platform "${settings.platform}" is not supported by this build.`);
  return platform;
}
