// zod/mini keeps this file cheap enough for the content script, which runs in every desktop tab.
import * as z from 'zod/mini';

export const CONVERSATION_ID_RULE =
  '1–128 characters of A–Z, a–z, 0–9, ".", "_", ":" or "-", other than "." and ".."';

export const ConversationId = z.string().check(
  z.regex(/^[A-Za-z0-9._:-]{1,128}$/, `must be ${CONVERSATION_ID_RULE}`),
  // "." and ".." are URL dot segments: put into a path they are resolved away (POST …/conversations/..).
  z.refine((id) => id !== '.' && id !== '..', 'must not be "." or ".." (a URL would resolve them away)'),
);

export const DetectionSource = z.enum(['page-event', 'dom-rule', 'popup', 'notification']);
export type DetectionSource = z.infer<typeof DetectionSource>;

/** The customer's name as the desktop announces it: personal data, kept in storage.session only. */
export const CUSTOMER_NAME_MAX = 120;
export const CustomerName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(CUSTOMER_NAME_MAX, `must be at most ${CUSTOMER_NAME_MAX} characters`),
  );

/** What the content script tells the worker when the desktop announces a chat. */
export const ChatEvent = z.object({
  conversationId: ConversationId,
  source: DetectionSource,
  customerName: z.optional(CustomerName),
});
export type ChatEvent = z.infer<typeof ChatEvent>;
