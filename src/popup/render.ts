import type { Status } from '../shared/messages';
import { byId } from '../ui/dom';
import { renderAccount } from './account';
import { renderNotice } from './notice';
import type { RowList } from './rows';
import { viewOf } from './view';

/** Paints one status: synchronous, no awaits, so 50 rows cost one layout. */
export function renderPage(status: Status, rows: RowList): void {
  const view = viewOf(status);
  renderAccount(status);
  renderNotice(byId('notice'), view.notice);

  const autoStart = byId<HTMLInputElement>('auto-start');
  autoStart.checked = view.autoStart.on;
  autoStart.disabled = view.autoStart.locked;
  // Described by the lock note only while it shows: a hidden description would still be read out.
  if (view.autoStart.locked) autoStart.setAttribute('aria-describedby', 'auto-start-locked');
  else autoStart.removeAttribute('aria-describedby');
  byId('auto-start-locked').hidden = !view.autoStart.locked;
  byId('managed-note').hidden = !view.managed;

  byId('conversations').hidden = view.rows.length === 0;
  rows.update(view.rows, status.canEnd);
}
