import browser from 'webextension-polyfill';
import { UNFORMED_KEYS } from '../shared/settings';
import { fieldLabel } from '../ui/causes';
import { t } from '../ui/i18n';
import { clearErrors, firstInvalid, showErrors } from './errors';
import type { FormValues } from './form';
import { planPermissions } from './permissions';
import { validate } from './validate';

export interface SaveContext {
  form: HTMLElement;
  managed: Record<string, unknown>;
  /** What storage.sync held at load: the user's own values under managed keys are kept, not erased. */
  stored: Record<string, unknown>;
  report(text: string, tone: 'ok' | 'error' | 'info'): void;
}

/**
 * Save, in the click's own task: validate, then ask Chrome for the hosts — chrome.permissions.request
 * needs the user gesture, which the first await would lose — then write storage.sync "settings".
 * The admin's fields are not the user's to change: under those keys the user's earlier values are kept.
 */
export function save(values: FormValues, ctx: SaveContext): Promise<FormValues | undefined> {
  const keptUnderAdmin = Object.entries(ctx.stored).filter(
    ([key]) => key in ctx.managed || (UNFORMED_KEYS as readonly string[]).includes(key),
  );
  const mine = Object.entries(values).filter(([key]) => !(key in ctx.managed));
  const user = Object.fromEntries([...keptUnderAdmin, ...mine]);
  const { settings, errors } = validate({ ...user, ...ctx.managed });
  if (settings) {
    const plan = planPermissions(settings);
    for (const { slot, pattern } of plan.refused)
      errors.set(slot, [...(errors.get(slot) ?? []), t('error_notRequestable', pattern)]);
    if (errors.size === 0) {
      clearErrors(ctx.form);
      const asked =
        plan.origins.length > 0
          ? chrome.permissions.request({ origins: plan.origins })
          : Promise.resolve(true);
      return finish(asked, plan.origins, user, settings.desktopUrlPatterns.length === 0, ctx);
    }
  }
  const unclaimed = showErrors(ctx.form, errors);
  ctx.report([t('options_notSavedInvalid', String(errors.size)), ...unclaimed].join('\n'), 'error');
  firstInvalid(ctx.form)?.focus();
  return Promise.resolve(undefined);
}

async function finish(
  asked: Promise<boolean>,
  origins: string[],
  user: FormValues,
  noDesktop: boolean,
  ctx: SaveContext,
) {
  let granted: boolean;
  try {
    // Chrome shows its prompt only for hosts not yet granted; say what we are waiting for meanwhile.
    const waitingFor = await notGranted(origins);
    if (waitingFor.length > 0) ctx.report(t('options_permissionWaiting', waitingFor.join(', ')), 'info');
    granted = await asked;
  } catch (error) {
    ctx.report(t('options_permissionError', error instanceof Error ? error.message : String(error)), 'error');
    return undefined;
  }
  if (!granted) {
    const missing = await notGranted(origins);
    ctx.report(t('options_permissionDenied', missing.join(', ')), 'error');
    return undefined;
  }
  try {
    await browser.storage.sync.set({ settings: user });
  } catch (error) {
    ctx.report(t('options_storeFailed', error instanceof Error ? error.message : String(error)), 'error');
    return undefined;
  }
  const stillMissing = ['authBaseUrl', 'apiBaseUrl', 'clientId'].filter(
    (key) => !(key in user) && !(key in ctx.managed),
  );
  if (noDesktop) stillMissing.push('desktopUrlPatterns');
  if (stillMissing.length === 0) {
    ctx.report(t('options_saved'), 'ok');
    return user;
  }
  // Kept, so nothing typed is lost, but not "Saved" in green: the extension cannot work yet. Each
  // missing field says so beside itself, in the words of its label.
  showErrors(
    ctx.form,
    new Map(stillMissing.map((key) => [key, [t('notice_missingField', fieldLabel(key))]])),
  );
  ctx.report(t('options_savedIncomplete', stillMissing.map(fieldLabel).join(', ')), 'error');
  firstInvalid(ctx.form)?.focus();
  return user;
}

async function notGranted(origins: string[]): Promise<string[]> {
  const held = await Promise.all(origins.map((origin) => chrome.permissions.contains({ origins: [origin] })));
  return origins.filter((_, index) => !held[index]);
}
