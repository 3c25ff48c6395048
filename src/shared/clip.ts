/**
 * Cuts text the server chose (an error code, message, contextId, end reason) to what our schemas
 * hold, marking the cut. An odd answer must never make a record impossible to store: that would
 * leave it stuck mid-start and re-POSTed at every wake-up.
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function clipOptional(text: string | undefined, max: number): string | undefined {
  return text === undefined ? undefined : clip(text, max);
}

/** The schema bounds (shared/causes.ts, shared/records.ts) the clipping honours. */
export const LIMITS = { detail: 500, contextId: 200, endReason: 200, code: 100, message: 300 } as const;
