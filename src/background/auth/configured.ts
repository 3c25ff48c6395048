import { StartError } from '../api/errors';
import { getSettings } from '../settings';

/** The settings, when everything a sign-in needs is set (not-configured, naming what is missing, if not). */
export async function configured() {
  const { settings, missing } = await getSettings();
  const needed = missing.filter((key) => key !== 'desktopUrlPatterns');
  if (needed.length > 0)
    throw new StartError({ code: 'not-configured', detail: `missing: ${needed.join(', ')}` });
  return settings as typeof settings & { authBaseUrl: string; apiBaseUrl: string; clientId: string };
}

export type Configured = Awaited<ReturnType<typeof configured>>;
