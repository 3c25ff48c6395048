// The settings schema with the Public Suffix List check: for extension pages (the options page
// validates here before it asks for host permissions) and the tests. The worker imports
// settings-base.ts instead; see MatchPattern below for why that is enough.
import { parse as parseDomain } from 'tldts';
import * as z from 'zod/mini';
import {
  PatternSyntax,
  PUBLIC_SUFFIX_WILDCARD,
  Settings as SettingsBase,
  wildcardBase,
} from './settings-base';

export * from './settings-base';

/**
 * "*.co.uk" or "*.github.io" would put the detector on every site under a public suffix: a wildcard
 * needs a registrable name under it. The Public Suffix List (ICANN and private sections, via tldts)
 * decides, not a hand-written rule that knows only one-label TLDs.
 *
 * Checked here, not in the worker (issue 15: tldts alone is 112 KB gzipped against the worker's
 * 60 KB budget). The detector runs only on patterns the extension holds a host permission for
 * (background/content-scripts.ts); beyond the manifest's loopback hosts, the extension asks for one
 * only in the options page's Save, after this check over the user's and the admin's values merged
 * (options/save.ts). So a public-suffix wildcard from a policy reaches the worker (which refuses
 * only one over a single label) but never gets a host permission from us, and the options page
 * names it.
 */
export const MatchPattern = PatternSyntax.check(
  z.refine((pattern) => !wildcardsPublicSuffix(pattern), PUBLIC_SUFFIX_WILDCARD),
);

/** `*.<base>` where `<base>` is itself a public suffix (nothing registrable under the wildcard). */
function wildcardsPublicSuffix(pattern: string): boolean {
  const base = wildcardBase(pattern);
  if (base === undefined) return false;
  const parsed = parseDomain(base, { allowPrivateDomains: true });
  // No registrable domain: the base is a public suffix (co.uk, github.io) or an unknown top level.
  return parsed.domain === null || parsed.domain === undefined;
}

export const Settings = z.extend(SettingsBase, {
  desktopUrlPatterns: z._default(z.array(MatchPattern).check(z.maxLength(50)), []),
});
export type Settings = z.infer<typeof Settings>;
