/**
 * Time budget of one property test (fast-check runs hundreds of cases, most of them async).
 * Vitest's default 5 s is too tight: the slowest property (1,000 runs of loadSettings) takes about
 * 1 s on a quiet two-core machine and was seen at 9.7 s with a load average of 12 (seven parallel
 * builds and browsers). This budget gives that worst case six times its headroom, and a property
 * that hangs still fails within a minute, naming the test.
 */
export const PROPERTY_TIMEOUT_MS = 60_000;
