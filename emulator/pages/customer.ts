// The customer's side of a chat: the co-browse consent prompt and the backend it answers through.
import type { EmulatorContext } from '../context';
import { findAgent } from '../directory';
import { apiError, html, json, type Reply } from '../http';
import type { RequestContext, Route } from '../router';
import { errorPage, esc, layout } from './html';

const ANSWERS = ['allow', 'decline', 'stop'] as const;

export function customerRoutes(ctx: EmulatorContext): Route[] {
  return [
    { method: 'GET', pattern: '/customer/:id', handler: (c) => customerPage(ctx, c) },
    { method: 'GET', pattern: '/customer/api/conversations/:id', handler: (c) => customerView(ctx, c) },
    ...ANSWERS.map(
      (answer): Route => ({
        method: 'POST',
        pattern: `/customer/api/sessions/:id/${answer}`,
        handler: (c) => respond(ctx, c, answer),
      }),
    ),
  ];
}

function customerPage(ctx: EmulatorContext, { params }: RequestContext): Reply {
  const conversation = ctx.state.conversation(params.id ?? '');
  if (!conversation) return html(404, errorPage('Chat not found', `There is no conversation ${params.id}.`));
  const customer = conversation.participants.find((p) => p.purpose === 'customer');
  return html(
    200,
    layout({
      title: 'Chat with support',
      script: 'customer.js',
      bodyAttrs: `data-conversation-id="${esc(conversation.id)}"`,
      body: `<main class="card narrow">
<h1>Chat with support</h1>
<p class="muted">You are ${esc(customer?.name ?? 'the customer')} · conversation <code>${esc(conversation.id)}</code></p>
<p data-testid="session-state" data-state="none" aria-live="polite">No co-browse request yet.</p>
<section data-testid="cobrowse-prompt" class="prompt" hidden>
<p id="prompt-text">Your agent would like to view this page with you.</p>
<p class="muted" id="countdown"></p>
<button type="button" id="allow" class="primary">Allow</button>
<button type="button" id="decline">Decline</button>
</section>
<button type="button" id="stop" hidden>Stop sharing</button>
</main>`,
    }),
  );
}

/** The conversation's state, its latest session and who asked, for the page to render. */
function customerView(ctx: EmulatorContext, { params }: RequestContext): Reply {
  const conversation = ctx.state.conversation(params.id ?? '');
  if (!conversation) return apiError(404, 'not_found', `Conversation ${params.id} was not found.`);
  const session = ctx.state.sessions({ conversationId: conversation.id }).at(-1) ?? null;
  const agentName = session ? (findAgent(session.initiator.id)?.name ?? session.initiator.id) : null;
  return json(200, { conversation: { id: conversation.id, state: conversation.state }, session, agentName });
}

function respond(ctx: EmulatorContext, { params }: RequestContext, answer: (typeof ANSWERS)[number]): Reply {
  const result = ctx.state.customerResponds(params.id ?? '', answer);
  if (!result.ok) return apiError(result.code === 'not_found' ? 404 : 409, result.code, result.message);
  return json(200, result.value);
}
