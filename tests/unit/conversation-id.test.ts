import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversationId } from '../../src/shared/ids';

const BASE = 'https://api.example.com/';

/** The paths the worker builds from a conversation id (both platforms; see platform/*.ts). */
const PATHS = [
  (id: string) => `api/v2/conversations/${encodeURIComponent(id)}`,
  (id: string) => `api/v2/conversations/cobrowse/sessions/${encodeURIComponent(id)}`,
];

describe('conversation ids in request paths', () => {
  it('refuses the dot segments "." and ".." (a URL resolves them away)', () => {
    expect(ConversationId.safeParse('.').success).toBe(false);
    expect(ConversationId.safeParse('..').success).toBe(false);
    expect(ConversationId.safeParse('...').success).toBe(true);
    expect(ConversationId.safeParse('a.b').success).toBe(true);
  });

  it('no id the rule accepts can change the path of a request it is put into', () => {
    const idChars = fc.constantFrom(...'Az09._:-'.split(''), 'b', 'Z', '5');
    const ids = fc.oneof(
      fc.string({ unit: idChars, minLength: 1, maxLength: 128 }),
      fc.constantFrom('.', '..', '...', '.:', ':.', '-', '%2e', '..:..'),
      fc.string({ minLength: 1, maxLength: 10 }),
    );
    fc.assert(
      fc.property(ids, (id) => {
        if (!ConversationId.safeParse(id).success) return;
        for (const path of PATHS) {
          const built = path(id);
          // What ky does with a relative input and a base URL.
          const url = new URL(built, BASE);
          expect(url.pathname, `id ${JSON.stringify(id)}`).toBe(`/${built}`);
          expect(url.origin).toBe(new URL(BASE).origin);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
