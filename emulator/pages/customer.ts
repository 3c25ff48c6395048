// The customer's side of a chat: the co-browse consent prompt and the backend it answers through.
import { apiError, html, json, type Reply } from '../http';
import type { RequestContext, Route } from '../router';
import type { CustomerAnswer, PageOptions, PagesBackend } from './backend';
import { errorPage, esc, layout } from './html';

const ANSWERS: readonly CustomerAnswer[] = ['allow', 'decline', 'stop'];

export function customerRoutes(backend: PagesBackend, options: PageOptions): Route[] {
  return [
    { method: 'GET', pattern: '/customer/:id', handler: (c) => customerPage(backend, options, c) },
    {
      method: 'GET',
      pattern: '/customer/api/conversations/:id',
      handler: (c) => customerView(backend, c),
    },
    ...ANSWERS.map(
      (answer): Route => ({
        method: 'POST',
        pattern: `/customer/api/sessions/:id/${answer}`,
        handler: (c) => respond(backend, c, answer),
      }),
    ),
  ];
}

function customerPage(backend: PagesBackend, options: PageOptions, { params }: RequestContext): Reply {
  const id = params.id ?? '';
  const name = backend.customerName(id);
  if (name === undefined) return html(404, errorPage('Chat not found', `There is no conversation ${id}.`));
  return html(
    200,
    layout({
      title: 'Chat with support',
      script: 'customer.js',
      bodyAttrs: `data-conversation-id="${esc(id)}"`,
      body: `<main class="card narrow">
<h1>Chat with support</h1>
<p class="muted">You are ${esc(name)} · conversation <code>${esc(id)}</code></p>
<p data-testid="session-state" data-state="none" aria-live="polite">No co-browse request yet.</p>
<section data-testid="cobrowse-prompt" class="prompt" hidden>
<p id="prompt-text">Your agent would like to view this page with you.</p>
<p class="muted" id="join-code" data-testid="join-code" hidden></p>
<p class="muted" id="countdown"></p>
<button type="button" id="allow" class="primary">${esc(options.allowLabel)}</button>
<button type="button" id="decline">Decline</button>
</section>
<button type="button" id="stop" hidden>Stop sharing</button>
</main>`,
    }),
  );
}

/** The conversation's state, its latest co-browse request and who asked, for the page to render. */
function customerView(backend: PagesBackend, { params }: RequestContext): Reply {
  const view = backend.customerView(params.id ?? '');
  if (!view) return apiError(404, 'not_found', `Conversation ${params.id} was not found.`);
  return json(200, view);
}

function respond(backend: PagesBackend, { params }: RequestContext, answer: CustomerAnswer): Reply {
  const result = backend.customerResponds(params.id ?? '', answer);
  if (!result.ok) return apiError(result.code === 'not_found' ? 404 : 409, result.code, result.message);
  return json(200, result.value);
}
