import type { GenesysConversation } from './genesys-schemas';

/**
 * Which interactions may be offered co-browse. Genesys offers it on web messaging and voice only
 * (postConversationCobrowse: "cobrowse:add (for web messaging) or cobrowsevoice:add"), and a
 * conversation's `messages` carry every messaging channel (Message.type: sms, whatsapp, facebook…),
 * so only a `webmessaging` message is eligible; voice only when the admin turned it on
 * (setting cobrowseVoice), and never an outbound or internal call.
 */
export type Eligibility =
  | { eligible: true; media: 'webmessaging' | 'voice' }
  | { eligible: false; media: MediaKey };

/** Stable keys for the popup's media names (`media_<key>` in _locales) and for diagnosis. */
export const MEDIA_KEYS = [
  'sms',
  'whatsapp',
  'facebook',
  'instagram',
  'line',
  'open',
  'apple',
  'kakao',
  'telegram',
  'twitter',
  'voice-off',
  'outbound-call',
  'internal',
  'chat',
  'email',
  'callback',
  'social',
  'video',
  'unknown',
] as const;
export type MediaKey = (typeof MEDIA_KEYS)[number];

const no = (media: MediaKey): Eligibility => ({ eligible: false, media });

function messageKind(type: string | undefined): MediaKey {
  return MEDIA_KEYS.includes(type as MediaKey) && type !== undefined ? (type as MediaKey) : 'unknown';
}

export function eligibility(conversation: GenesysConversation, options: { voice: boolean }): Eligibility {
  const customer = conversation.participants.find((p) => p.purpose === 'customer');
  // A conversation between users alone (an internal call or chat) has no customer to co-browse with.
  if (!customer) return no('internal');
  const messages = conversation.participants.flatMap((p) => p.messages ?? []);
  if (messages.some((m) => m.type === 'webmessaging')) return { eligible: true, media: 'webmessaging' };
  if (messages.length > 0) return no(messageKind(messages[0]?.type));
  const calls = customer.calls ?? [];
  if (calls.length > 0) {
    if (calls.some((c) => c.direction === 'outbound')) return no('outbound-call');
    return options.voice ? { eligible: true, media: 'voice' } : no('voice-off');
  }
  if (customer.chats?.length) return no('chat');
  if (customer.emails?.length) return no('email');
  if (customer.callbacks?.length) return no('callback');
  if (customer.socialExpressions?.length) return no('social');
  if (customer.videos?.length) return no('video');
  return no('unknown');
}
