import { sentinelCss } from '../shared/sentinel';
import { getSettings } from './settings';

/**
 * A desktop page's detection settings (get-detection). With DOM rules, the worker first inserts
 * the rules' style sentinel (shared/sentinel.ts) into the asking tab's top frame, the only frame a
 * detector runs in, as a user stylesheet: inserted by the browser, so the page's CSP does not
 * apply, and outranked by the page's own styles. The page is told whether it is there; without it
 * (an unsafe selector, a tab that navigated away meanwhile) the rules run on the observer and
 * sweeps alone.
 */
export async function detectionFor(tabId: number | undefined) {
  const { detection } = (await getSettings()).settings;
  const css = sentinelCss(detection.domRules.map((rule) => rule.selector));
  if (!css || tabId === undefined) return { ...detection, sentinel: false };
  try {
    await chrome.scripting.insertCSS({ target: { tabId, frameIds: [0] }, origin: 'USER', css });
    return { ...detection, sentinel: true };
  } catch (error) {
    console.warn(
      `Could not insert the DOM rules' style sentinel into tab ${tabId}; they run on sweeps:`,
      error,
    );
    return { ...detection, sentinel: false };
  }
}
