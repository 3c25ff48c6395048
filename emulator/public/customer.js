// Customer page. Polls the conversation's latest co-browse session and shows the consent prompt
// while it is pending; Allow and Decline answer through the customer backend.
const POLL_MS = 300;
const conversationId = document.body.dataset.conversationId;
const stateEl = document.querySelector('[data-testid="session-state"]');
const prompt = document.querySelector('[data-testid="cobrowse-prompt"]');
const promptText = document.getElementById('prompt-text');
const countdown = document.getElementById('countdown');
const joinCode = document.getElementById('join-code');
const stop = document.getElementById('stop');
let current = null;

const ENDINGS = {
  'agent-ended': 'The agent ended co-browsing.',
  'conversation-ended': 'Co-browsing ended because the chat ended.',
  'customer-ended': 'You stopped sharing.',
};

function show(state, text) {
  stateEl.dataset.state = state;
  stateEl.textContent = text;
}

function render({ conversation, session, agentName }) {
  current = session;
  // genesys-cloud: the join code and the raw cobrowsesessions state (alerting/connected/disconnected).
  joinCode.hidden = !session?.joinCode;
  joinCode.textContent = session?.joinCode ? `Join code: ${session.joinCode}` : '';
  if (session?.communicationState) stateEl.dataset.communicationState = session.communicationState;
  else delete stateEl.dataset.communicationState;
  prompt.hidden = session?.state !== 'pending';
  stop.hidden = session?.state !== 'active';
  if (!session) {
    show('none', conversation.state === 'ended' ? 'The chat has ended.' : 'No co-browse request yet.');
    return;
  }
  if (session.state === 'pending') {
    promptText.textContent = `${agentName} would like to view this page with you.`;
    const seconds = Math.max(0, Math.ceil((Date.parse(session.expiresAt) - Date.now()) / 1000));
    countdown.textContent = `This request expires in ${seconds} s.`;
    show('pending', 'Your agent is asking to co-browse.');
  } else if (session.state === 'active') show('active', `Co-browsing with ${agentName} is active.`);
  else if (session.state === 'declined') show('declined', 'You declined co-browsing.');
  else if (session.state === 'expired') show('expired', 'The co-browse request expired before you answered.');
  else show('ended', ENDINGS[session.endReason] ?? 'Co-browsing has ended.');
}

async function poll() {
  try {
    const response = await fetch(`/customer/api/conversations/${encodeURIComponent(conversationId)}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
    // Test hook: the script is running and has drawn the state once.
    document.body.dataset.ready = 'true';
  } catch (error) {
    show('error', `Cannot reach the platform (${error.message}); retrying…`);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

async function answer(action) {
  if (!current) return;
  const response = await fetch(`/customer/api/sessions/${encodeURIComponent(current.id)}/${action}`, {
    method: 'POST',
  });
  if (!response.ok) show('error', `Could not ${action}: HTTP ${response.status}`);
}

document.getElementById('allow').addEventListener('click', () => answer('allow'));
document.getElementById('decline').addEventListener('click', () => answer('decline'));
stop.addEventListener('click', () => answer('stop'));

poll();
