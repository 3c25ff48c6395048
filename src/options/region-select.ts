import { PLATFORM_SCOPES } from '../shared/settings';
import { byId, h } from '../ui/dom';
import { t } from '../ui/i18n';
import { CUSTOM, GEOGRAPHIES, regionOf, regionsFor } from './regions';

/**
 * The region select: picking a region fills both base URLs; editing a URL by hand switches the
 * select to Custom (or to the region those URLs belong to).
 */
export function bindRegionSelect(): { refresh(): void } {
  const platform = byId<HTMLSelectElement>('platform');
  const region = byId<HTMLSelectElement>('region');
  const auth = byId<HTMLInputElement>('authBaseUrl');
  const api = byId<HTMLInputElement>('apiBaseUrl');

  const refresh = () => {
    const regions = regionsFor(platform.value);
    // Grouped by geography, each by its human name; platforms without regions get no Region field.
    const groups = GEOGRAPHIES.map((geography) => {
      const members = regions.filter((r) => r.geography === geography);
      return members.length === 0
        ? null
        : h(
            'optgroup',
            { label: t(`region_${geography}`) },
            ...members.map((r) => h('option', { value: r.id }, r.label)),
          );
    });
    region.replaceChildren(
      h('option', { value: CUSTOM }, t('region_custom')),
      ...groups.filter((g) => g !== null),
    );
    region.value = regionOf(platform.value, auth.value.trim(), api.value.trim());
    showOnlyWhatApplies(platform.value, regions.length > 0);
  };

  platform.addEventListener('change', () => {
    refresh();
    replaceScopes(platform.value);
  });
  region.addEventListener('change', () => {
    const chosen = regionsFor(platform.value).find((r) => r.id === region.value);
    if (!chosen) return;
    auth.value = chosen.authBaseUrl;
    api.value = chosen.apiBaseUrl;
  });
  for (const input of [auth, api]) {
    input.addEventListener('input', () => {
      region.value = regionOf(platform.value, auth.value.trim(), api.value.trim());
    });
  }
  return { refresh };
}

/**
 * Switching platform replaces the scopes with the ones the new platform's calls need: Genesys Cloud
 * has no cobrowse:write, and keeping it would make the sign-in ask for a scope that does not exist.
 * A scopes field set by policy is left alone (it is locked).
 */
function replaceScopes(platform: string): void {
  const scopes = byId<HTMLInputElement>('scopes');
  const wanted = PLATFORM_SCOPES[platform as keyof typeof PLATFORM_SCOPES];
  if (!wanted || scopes.disabled || scopes.readOnly) return;
  scopes.value = wanted.join(' ');
}

/** Fields that mean nothing for the chosen platform are hidden, not merely disabled. */
function showOnlyWhatApplies(platform: string, hasRegions: boolean): void {
  const regionField = byId('region').closest<HTMLElement>('.field');
  if (regionField) regionField.hidden = !hasRegions;
  // Only Genesys Cloud has a notification stream.
  const stream = byId('notifications').closest<HTMLElement>('.field');
  if (stream) stream.hidden = platform !== 'genesys-cloud';
  const voice = byId('cobrowseVoice').closest<HTMLElement>('.field');
  if (voice) voice.hidden = platform !== 'genesys-cloud';
}
