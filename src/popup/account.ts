import type { Status } from '../shared/messages';
import { byId } from '../ui/dom';
import { t } from '../ui/i18n';

/** Who is signed in, to which environment, and the one button that changes it. */
export function renderAccount(status: Status): void {
  const name = byId('user-name');
  const environment = byId('environment');
  name.textContent = status.signedIn && status.user ? status.user.name : t('popup_signedOut');
  environment.textContent = status.environment ? t('popup_environment', hostOf(status.environment)) : '';
  environment.title = status.environment ?? '';
  // Sign-in needs the URLs and client id; desktop patterns matter only for detection.
  const configured = status.missing.every((field) => field === 'desktopUrlPatterns');
  byId('sign-in').hidden = status.signedIn || !configured;
  byId('sign-out').hidden = !status.signedIn;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
