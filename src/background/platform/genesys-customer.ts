import { clip } from '../../shared/clip';
import { CUSTOMER_NAME_MAX } from '../../shared/ids';
import type { GenesysConversation } from './genesys-schemas';

/**
 * The customer's display name as the conversation carries it (the accept's event or a read): `name` of the participant whose
 * `purpose` is `customer` (SDK model Participant.name, docs/genesys-cloud.md §9). Agents' and other
 * participants' names are never taken. Clipped to the bound of the desktop's names (120 characters).
 * Personal data: the caller keeps it in storage.session only.
 */
export function customerNameOf(conversation: GenesysConversation): string | undefined {
  const name = conversation.participants
    .filter((p) => p.purpose === 'customer')
    .map((p) => p.name?.trim())
    .find((n) => n);
  return name ? clip(name, CUSTOMER_NAME_MAX) : undefined;
}
