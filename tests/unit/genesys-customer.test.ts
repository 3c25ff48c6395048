import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { genesysCloud } from '../../src/background/platform/genesys-cloud';
import { customerNameOf } from '../../src/background/platform/genesys-customer';
import { noteAccepted, noteCustomerName, storedChats } from '../../src/background/sessions/chats';
import { acceptChat } from '../../src/background/sessions/lifecycle';
import { dropMirror } from '../../src/background/sessions/records';
import { invalidateSettings } from '../../src/background/settings';
import { fakePlatform } from './helpers/fake-platform';
import { error, stubApi } from './helpers/stub-api';
import { signedInWorker } from './helpers/worker-state';

let fake = fakePlatform();
vi.mock('../../src/background/platform', () => ({ platformFor: () => fake.platform }));

// Issue 13 item 1 on Genesys Cloud: the notification stream names chats by id only; the customer's
// name is the customer participant's `name` (SDK model Participant.name) in the conversation read.
const webmessaging = { messages: [{ state: 'connected', type: 'webmessaging' }] };
const party = (purpose: string, name?: string) => ({
  id: `p-${purpose}`,
  purpose,
  ...(name === undefined ? {} : { name }),
  ...webmessaging,
});
const conversation = (...participants: ReturnType<typeof party>[]) => ({ id: 'c-1', participants });

describe('the customer’s name from a Genesys conversation', () => {
  it('is the name of the participant with purpose customer', () => {
    expect(customerNameOf(conversation(party('agent', 'Ada Agent'), party('customer', 'Pat Kim')))).toBe(
      'Pat Kim',
    );
  });

  it('is absent when the customer has no name (or only spaces): the row keeps the short id', () => {
    expect(customerNameOf(conversation(party('customer'), party('agent', 'Ada')))).toBeUndefined();
    expect(customerNameOf(conversation(party('customer', '   '), party('agent', 'Ada')))).toBeUndefined();
    expect(customerNameOf({ id: 'c-1', participants: [] })).toBeUndefined();
  });

  it('never takes another participant’s name: agent, user, acd, workflow, external', () => {
    const others = ['agent', 'user', 'acd', 'workflow', 'external', 'ivr'].map((p) => party(p, `Name ${p}`));
    expect(customerNameOf(conversation(...others))).toBeUndefined();
    expect(customerNameOf(conversation(...others, party('customer', 'Pat')))).toBe('Pat');
  });

  it('is trimmed, and clipped to 120 characters like the desktop’s names', () => {
    expect(customerNameOf(conversation(party('customer', '  Pat  ')))).toBe('Pat');
    const long = customerNameOf(conversation(party('customer', 'x'.repeat(500))));
    expect(long).toHaveLength(120);
    expect(long?.endsWith('…')).toBe(true);
    expect(customerNameOf(conversation(party('customer', 'y'.repeat(120))))).toBe('y'.repeat(120));
  });
});

describe('genesysCloud.start hands the name over', () => {
  const request = { conversationId: 'c-1', externalSessionId: 'x', user: { id: 'agent-ada', name: 'Ada' } };
  const read = conversation(party('agent', 'Ada Agent'), party('customer', 'Pat Kim'));

  it('from the read before the POST, and before it returns', async () => {
    const names: string[] = [];
    const { api } = stubApi({
      'GET api/v2/conversations/c-1': read,
      'POST api/v2/conversations/c-1/cobrowse': { id: 'offer-1' },
    });
    const onCustomerName = async (name: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      names.push(name);
    };
    await genesysCloud.start(api, { ...request, onCustomerName });
    expect(names).toEqual(['Pat Kim']);
  });

  it('even when the offer then fails: a failed row names its customer too', async () => {
    const names: string[] = [];
    const { api } = stubApi({
      'GET api/v2/conversations/c-1': read,
      'POST api/v2/conversations/c-1/cobrowse': error(500, { status: 500, code: 'internal.server.error' }),
    });
    const onCustomerName = async (name: string) => void names.push(name);
    await expect(genesysCloud.start(api, { ...request, onCustomerName })).rejects.toThrow();
    expect(names).toEqual(['Pat Kim']);
  });

  it('not at all when the customer has no name', async () => {
    const onCustomerName = vi.fn(async () => undefined);
    const { api } = stubApi({
      'GET api/v2/conversations/c-1': conversation(party('agent', 'Ada Agent'), party('customer')),
      'POST api/v2/conversations/c-1/cobrowse': { id: 'offer-1' },
    });
    await genesysCloud.start(api, { ...request, onCustomerName });
    expect(onCustomerName).not.toHaveBeenCalled();
  });
});

describe('a name the platform gave is kept in storage.session only', () => {
  beforeEach(async () => {
    fake = fakePlatform();
    invalidateSettings();
    dropMirror();
    await signedInWorker();
  });

  it('a start from the notification stream stores it under the chat, never in the record', async () => {
    const start = fake.platform.start;
    fake.platform.start = async (api, req) => {
      await req.onCustomerName?.('Pat Kim');
      return start(api, req);
    };
    expect(await acceptChat({ conversationId: 'c-9', source: 'notification' })).toBe('pending');
    expect((await storedChats())['c-9']).toMatchObject({ customerName: 'Pat Kim', live: true });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain('Pat Kim');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('Pat Kim');
    expect(JSON.stringify(await fakeBrowser.storage.sync.get(null))).not.toContain('Pat Kim');
  });

  it('a name the desktop already gave stays (it is the one the agent sees there)', async () => {
    await noteAccepted('c-1', { customerName: 'Pat from the desktop', tabId: 4 });
    await noteCustomerName('c-1', 'Patricia Kim');
    expect((await storedChats())['c-1']).toMatchObject({ customerName: 'Pat from the desktop', tabId: 4 });
    await noteCustomerName('c-2', 'Sam');
    await noteAccepted('c-2', { tabId: 5 });
    expect((await storedChats())['c-2']).toMatchObject({ customerName: 'Sam', tabId: 5 });
  });
});
