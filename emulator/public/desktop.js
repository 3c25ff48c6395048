// Demo agent desktop. Polls the emulator for chats; Accept and End call the desktop backend and then
// announce the change the two ways the extension detects: data-cobrowse-* attributes and window events.
// With announce "none" (the genesys-cloud vendor desktop) it announces nothing at all.
const POLL_MS = 300;
const agentId = document.body.dataset.agentId;
/** 'event', 'dom', 'both' or 'none': lets tests exercise one detection source alone, or none. */
const announceVia = document.body.dataset.announce;
const list = document.getElementById('chats');
const emptyNote = document.getElementById('empty');
const offline = document.getElementById('offline');
/** id -> { id, el, status, accept, end, announced } */
const chats = new Map();

function announce(chat, state) {
  if (chat.announced === state) return;
  chat.announced = state;
  if (announceVia === 'none') return;
  if (announceVia !== 'event') {
    chat.el.dataset.cobrowseConversationId = chat.id;
    chat.el.dataset.cobrowseState = state;
    if (chat.customerName) chat.el.dataset.cobrowseCustomerName = chat.customerName;
  }
  if (announceVia !== 'dom') {
    window.dispatchEvent(
      new CustomEvent(`cobrowse:chat-${state}`, {
        detail: { conversationId: chat.id, customerName: chat.customerName },
      }),
    );
  }
}

function describe(view) {
  if (view.state === 'ended') return ['ended', 'Chat ended'];
  if (view.agent?.id === agentId) return ['mine', 'Connected: you accepted this chat'];
  if (view.agent) return ['taken', `Accepted by ${view.agent.name}`];
  return ['waiting', 'Waiting for an agent'];
}

function createChat(view) {
  const el = document.createElement('li');
  el.className = 'chat';
  el.dataset.testid = `chat-${view.id}`;
  el.innerHTML = `<div class="who"><strong></strong><span class="status"></span></div>
<a target="_blank" rel="noopener">Customer view</a>
<button type="button" class="primary">Accept</button>
<button type="button">End</button>`;
  el.querySelector('strong').textContent = view.customerName;
  el.querySelector('a').href = `/customer/${encodeURIComponent(view.id)}`;
  const [accept, end] = el.querySelectorAll('button');
  const chat = {
    id: view.id,
    customerName: view.customerName,
    el,
    status: '',
    accept,
    end,
    announced: 'none',
  };
  accept.addEventListener('click', () => act(chat, 'accept', 'accepted'));
  end.addEventListener('click', () => act(chat, 'end', 'ended'));
  chats.set(view.id, chat);
  list.append(el);
  return chat;
}

function render(chat, view) {
  const [status, text] = describe(view);
  chat.status = status;
  chat.el.dataset.status = status;
  chat.el.querySelector('.status').textContent = text;
  chat.accept.disabled = status !== 'waiting';
  chat.end.disabled = status === 'ended' || status === 'taken';
  // A chat this page accepted that ended elsewhere (customer left, control API) is announced too.
  if (status === 'ended' && chat.announced === 'accepted') announce(chat, 'ended');
}

async function act(chat, action, announced) {
  chat.accept.disabled = true;
  chat.end.disabled = true;
  const path = `/desktop/api/conversations/${encodeURIComponent(chat.id)}/${action}`;
  const body = action === 'accept' ? JSON.stringify({ agentId }) : undefined;
  const headers = body ? { 'content-type': 'application/json' } : {};
  try {
    const response = await fetch(path, { method: 'POST', headers, body });
    const view = await response.json();
    if (!response.ok) throw new Error(view.errors?.[0]?.message ?? `HTTP ${response.status}`);
    render(chat, view);
    announce(chat, announced);
  } catch (error) {
    chat.el.querySelector('.status').textContent = `Could not ${action}: ${error.message}`;
    chat.accept.disabled = chat.status !== 'waiting';
    chat.end.disabled = chat.status === 'ended' || chat.status === 'taken';
  }
}

async function poll() {
  try {
    const response = await fetch('/desktop/api/conversations');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { conversations } = await response.json();
    const seen = new Set();
    for (const view of conversations) {
      seen.add(view.id);
      render(chats.get(view.id) ?? createChat(view), view);
    }
    // After an emulator reset the chats are gone; so are their elements.
    for (const [id, chat] of chats) {
      if (!seen.has(id)) {
        chat.el.remove();
        chats.delete(id);
      }
    }
    emptyNote.hidden = chats.size > 0;
    offline.hidden = true;
    // Test hook: the script is running and has drawn the chats once.
    document.body.dataset.ready = 'true';
  } catch {
    offline.hidden = false;
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

document.getElementById('simulate').addEventListener('click', async () => {
  await fetch('/desktop/api/conversations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
});

poll();
