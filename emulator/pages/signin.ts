// The authorize endpoint's sign-in page: pick a demo agent, press Sign in.
import { AGENTS } from '../directory';
import { esc, layout } from './html';

/** `query` is the original authorize query string, replayed after sign-in. */
export function signInPage(query: string, clientId: string): string {
  const options = AGENTS.map(
    (agent) => `<option value="${esc(agent.id)}">${esc(agent.name)} (${esc(agent.email)})</option>`,
  ).join('');
  return layout({
    title: 'Sign in · Co-browse platform emulator',
    body: `<main class="card narrow">
<h1>Sign in</h1>
<p class="muted"><code>${esc(clientId)}</code> wants to start co-browse sessions on your behalf.</p>
<form method="post" action="/oauth/signin">
<input type="hidden" name="query" value="${esc(query)}">
<label for="agent">Demo agent</label>
<select id="agent" name="agent">${options}</select>
<button type="submit" class="primary">Sign in</button>
</form>
</main>`,
  });
}
