/**
 * How the detector's DOM rules notice changes in the desktop tab at `url` ('sentinel', 'observer',
 * or 'none'), read in the extension's isolated world from content/index.ts's registry. Runs inside
 * an extension context: pass it to `evaluate` of the worker or an extension page (Playwright or
 * Puppeteer), so it must stay self-contained.
 */
export async function rulesModeIn(url: string): Promise<string> {
  // tsx (the benchmark) names the inner function with an __name helper the browser does not have.
  (globalThis as { __name?: unknown }).__name ??= (f: unknown) => f;
  const [tab] = await chrome.tabs.query({ url });
  if (tab?.id === undefined) return `no tab at ${url}`;
  const [result] = await chrome.scripting.executeScript({
    target: { tabId: tab.id },
    func: () =>
      (globalThis as { __cobrowseDetector?: { rules?(): string } }).__cobrowseDetector?.rules?.() ?? 'none',
  });
  return String(result?.result);
}
