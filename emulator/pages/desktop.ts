// The demo agent desktop: the page and the small backend its Accept and End buttons call.
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { AGENTS, DEFAULT_AGENT_ID, findAgent } from '../directory';
import { apiError, html, json, type Reply } from '../http';
import { readJsonBody } from '../json-body';
import type { RequestContext, Route } from '../router';
import type { Conversation } from '../types';
import { errorPage, esc, layout } from './html';

const ANNOUNCE = ['event', 'dom', 'both'] as const;
const createBody = z.strictObject({ customerName: z.string().max(80).optional() });
const acceptBody = z.strictObject({ agentId: z.string().min(1) });

export function desktopRoutes(ctx: EmulatorContext): Route[] {
  return [
    { method: 'GET', pattern: '/desktop', handler: desktopPage },
    { method: 'GET', pattern: '/desktop/api/conversations', handler: () => listChats(ctx) },
    { method: 'POST', pattern: '/desktop/api/conversations', handler: (c) => inboundChat(ctx, c) },
    { method: 'POST', pattern: '/desktop/api/conversations/:id/accept', handler: (c) => acceptChat(ctx, c) },
    { method: 'POST', pattern: '/desktop/api/conversations/:id/end', handler: (c) => endChat(ctx, c) },
  ];
}

/** What the desktop shows per chat; `agent` is whoever accepted it. */
export function chatView(conversation: Conversation) {
  const customer = conversation.participants.find((p) => p.purpose === 'customer');
  const agent = conversation.participants.find((p) => p.purpose === 'agent');
  return {
    id: conversation.id,
    state: conversation.state,
    customerName: customer?.name ?? 'Customer',
    agent: agent ? { id: agent.userId ?? '', name: agent.name } : null,
  };
}

function desktopPage({ url }: RequestContext): Reply {
  const agent = findAgent(url.searchParams.get('agent') ?? DEFAULT_AGENT_ID);
  if (!agent) {
    const known = AGENTS.map((a) => a.id).join(', ');
    return html(400, errorPage('Unknown agent', `agent must be one of: ${known}.`));
  }
  const announce = url.searchParams.get('announce') ?? 'both';
  if (!(ANNOUNCE as readonly string[]).includes(announce)) {
    return html(400, errorPage('Bad announce option', 'announce must be event, dom or both.'));
  }
  return html(
    200,
    layout({
      title: `Agent desktop · ${agent.name}`,
      script: 'desktop.js',
      bodyAttrs: `data-agent-id="${esc(agent.id)}" data-announce="${esc(announce)}"`,
      body: `<header class="bar">
<h1>Agent desktop</h1>
<span class="muted" data-testid="agent-name">Signed in as ${esc(agent.name)}</span>
<button type="button" id="simulate" class="primary">Simulate inbound chat</button>
</header>
<p id="offline" class="banner" hidden>The emulator is not answering; retrying…</p>
<main>
<p id="empty" class="muted">No chats yet. Press “Simulate inbound chat”.</p>
<ul id="chats" class="chats" aria-label="Chats"></ul>
</main>`,
    }),
  );
}

function listChats(ctx: EmulatorContext): Reply {
  return json(200, { conversations: ctx.state.conversations().map(chatView) });
}

async function inboundChat(ctx: EmulatorContext, c: RequestContext): Promise<Reply> {
  const body = await readJsonBody(c, createBody);
  if (!body.ok) return body.reply;
  return json(201, chatView(ctx.state.createConversation({ customerName: body.value.customerName })));
}

async function acceptChat(ctx: EmulatorContext, c: RequestContext): Promise<Reply> {
  const body = await readJsonBody(c, acceptBody);
  if (!body.ok) return body.reply;
  const accepted = ctx.state.acceptConversation(c.params.id ?? '', body.value.agentId);
  if (!accepted.ok)
    return apiError(accepted.code === 'not_found' ? 404 : 409, accepted.code, accepted.message);
  return json(200, chatView(accepted.value));
}

function endChat(ctx: EmulatorContext, c: RequestContext): Reply {
  const ended = ctx.state.endConversation(c.params.id ?? '');
  if (!ended.ok) return apiError(404, ended.code, ended.message);
  return json(200, chatView(ended.value));
}
