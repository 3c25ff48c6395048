import { byId } from '../ui/dom';
import type { RulesEditor } from './rules';

/** What the form holds, in the shape storage.sync "settings" takes (the user's part, unparsed). */
export type FormValues = Record<string, unknown>;

const text = (id: string) => byId<HTMLInputElement | HTMLTextAreaElement>(id).value.trim();
const checked = (id: string) => byId<HTMLInputElement>(id).checked;

/** Reads every field; an empty text field is left out, so it reads as "missing", not as invalid. */
export function readForm(rules: RulesEditor): FormValues {
  const values: FormValues = {
    platform: byId<HTMLSelectElement>('platform').value,
    authBaseUrl: text('authBaseUrl') || undefined,
    apiBaseUrl: text('apiBaseUrl') || undefined,
    clientId: text('clientId') || undefined,
    scopes: splitWords(text('scopes')),
    desktopUrlPatterns: text('desktopUrlPatterns')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    autoStart: checked('autoStart'),
    notifyFailures: checked('notifyFailures'),
    cobrowseVoice: checked('cobrowseVoice'),
    detection: {
      pageEvent: checked('pageEvent'),
      notifications: checked('notifications'),
      domRules: rules.get(),
    },
  };
  if ((values.scopes as string[]).length === 0) delete values.scopes;
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

export function fillForm(values: FormValues, rules: RulesEditor): void {
  byId<HTMLSelectElement>('platform').value = String(values.platform ?? 'sessions-api');
  setText('authBaseUrl', values.authBaseUrl);
  setText('apiBaseUrl', values.apiBaseUrl);
  setText('clientId', values.clientId);
  setText('scopes', Array.isArray(values.scopes) ? values.scopes.join(' ') : values.scopes);
  setText(
    'desktopUrlPatterns',
    Array.isArray(values.desktopUrlPatterns) ? values.desktopUrlPatterns.join('\n') : '',
  );
  byId<HTMLInputElement>('autoStart').checked = values.autoStart !== false;
  byId<HTMLInputElement>('notifyFailures').checked = values.notifyFailures !== false;
  byId<HTMLInputElement>('cobrowseVoice').checked = values.cobrowseVoice === true;
  const detection = (values.detection ?? {}) as {
    pageEvent?: unknown;
    notifications?: unknown;
    domRules?: unknown;
  };
  byId<HTMLInputElement>('pageEvent').checked = detection.pageEvent !== false;
  // Unset means "on wherever the platform has a stream", which the checkbox shows as on.
  byId<HTMLInputElement>('notifications').checked = detection.notifications !== false;
  rules.set(Array.isArray(detection.domRules) ? detection.domRules : []);
}

function setText(id: string, value: unknown): void {
  byId<HTMLInputElement | HTMLTextAreaElement>(id).value = typeof value === 'string' ? value : '';
}

function splitWords(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}
