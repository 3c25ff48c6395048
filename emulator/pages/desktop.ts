// The agent desktop: the page and the small backend its Accept and End buttons call. In
// genesys-cloud mode it stands for the vendor's own desktop, which announces nothing.
import { z } from 'zod';
import { AGENTS, DEFAULT_AGENT_ID, findAgent } from '../directory';
import { apiError, html, json, type Reply } from '../http';
import { readJsonBody } from '../json-body';
import type { RequestContext, Route } from '../router';
import type { PageOptions, PagesBackend } from './backend';
import { errorPage, esc, layout } from './html';

const ANNOUNCE = ['event', 'dom', 'both'] as const;
const createBody = z.strictObject({ customerName: z.string().max(80).optional() });
const acceptBody = z.strictObject({ agentId: z.string().min(1) });

export function desktopRoutes(backend: PagesBackend, options: PageOptions): Route[] {
  return [
    { method: 'GET', pattern: '/desktop', handler: (c) => desktopPage(c, options) },
    { method: 'GET', pattern: '/desktop/api/conversations', handler: () => listChats(backend) },
    { method: 'POST', pattern: '/desktop/api/conversations', handler: (c) => inboundChat(backend, c) },
    {
      method: 'POST',
      pattern: '/desktop/api/conversations/:id/accept',
      handler: (c) => acceptChat(backend, c),
    },
    { method: 'POST', pattern: '/desktop/api/conversations/:id/end', handler: (c) => endChat(backend, c) },
  ];
}

/** The announce mode from the query; `none` is the only one the vendor's desktop has. */
function readAnnounce(url: URL, options: PageOptions): string | Reply {
  const requested = url.searchParams.get('announce');
  if (options.announce === 'never') {
    if (requested === null || requested === 'none') return 'none';
    return html(400, errorPage('Bad announce option', "The vendor's desktop cannot announce: use none."));
  }
  const announce = requested ?? 'both';
  if ((ANNOUNCE as readonly string[]).includes(announce)) return announce;
  return html(400, errorPage('Bad announce option', 'announce must be event, dom or both.'));
}

function desktopPage({ url }: RequestContext, options: PageOptions): Reply {
  const agent = findAgent(url.searchParams.get('agent') ?? DEFAULT_AGENT_ID);
  if (!agent) {
    const known = AGENTS.map((a) => a.id).join(', ');
    return html(400, errorPage('Unknown agent', `agent must be one of: ${known}.`));
  }
  const announce = readAnnounce(url, options);
  if (typeof announce !== 'string') return announce;
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

function listChats(backend: PagesBackend): Reply {
  return json(200, { conversations: backend.chats() });
}

async function inboundChat(backend: PagesBackend, c: RequestContext): Promise<Reply> {
  const body = await readJsonBody(c, createBody);
  if (!body.ok) return body.reply;
  return json(201, backend.createChat(body.value.customerName));
}

async function acceptChat(backend: PagesBackend, c: RequestContext): Promise<Reply> {
  const body = await readJsonBody(c, acceptBody);
  if (!body.ok) return body.reply;
  const accepted = backend.acceptChat(c.params.id ?? '', body.value.agentId);
  if (!accepted.ok)
    return apiError(accepted.code === 'not_found' ? 404 : 409, accepted.code, accepted.message);
  return json(200, accepted.value);
}

function endChat(backend: PagesBackend, c: RequestContext): Reply {
  const ended = backend.endChat(c.params.id ?? '');
  if (!ended.ok) return apiError(404, ended.code, ended.message);
  return json(200, ended.value);
}
