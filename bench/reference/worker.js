// The least a worker can do for an accept: one fetch POST with the body and headers ours sends.
// Like any MV3 extension it keeps the signed-in token in storage.session (the benchmark puts it
// there); the read starts at wake-up, alongside the message's delivery, not after it.
let config = chrome.storage.session.get('config').then((items) => items.config);

chrome.runtime.onMessage.addListener((message) => {
  if (message?.type !== 'chat-accepted') return;
  void post(message.conversationId);
});

async function post(conversationId) {
  let settings = await config;
  if (!settings) {
    config = chrome.storage.session.get('config').then((items) => items.config);
    settings = await config;
  }
  await fetch(`${settings.apiBaseUrl}/api/v2/conversations/cobrowse/sessions`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Bearer ${settings.token}`,
    },
    body: JSON.stringify({
      externalSessionId: crypto.randomUUID(),
      initiator: { type: 'agent', id: settings.agentId },
      target: { type: 'customer', conversationId },
    }),
  });
}
