import { byId, h } from '../ui/dom';
import { t } from '../ui/i18n';
import { CUSTOM, regionOf, regionsFor } from './regions';

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
    const options = regionsFor(platform.value).map((r) => h('option', { value: r.id }, r.id));
    region.replaceChildren(h('option', { value: CUSTOM }, t('region_custom')), ...options);
    region.value = regionOf(platform.value, auth.value.trim(), api.value.trim());
  };

  platform.addEventListener('change', refresh);
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
