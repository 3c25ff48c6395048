import { causeSentence } from '../ui/causes';
import { h } from '../ui/dom';
import { formatElapsed, shortId } from '../ui/elapsed';
import { hasMessage, t } from '../ui/i18n';
import { copyIcon } from '../ui/icons';
import { type RowAction, type RowModel, rowActions, STATE_LOOK } from './view';

export interface RowHandlers {
  copyId(conversationId: string, button: HTMLButtonElement): void;
  copyJoinCode(joinCode: string, button: HTMLButtonElement): void;
  act(action: RowAction, conversationId: string, button: HTMLButtonElement): void;
}

/** Message key per action: its visible label, and its accessible name naming the customer. */
const ACTION_KEYS: Record<RowAction, string> = {
  start: 'row_start',
  retry: 'row_retry',
  'offer-again': 'row_offerAgain',
  end: 'row_end',
  'sign-out': 'row_signOut',
};

/**
 * One conversation: state (tone + icon + words), the customer's name (or the short id) with a copy
 * button for the full id, how long ago it entered its state, why it failed or ended, and its actions
 * (which wrap to their own line when a language's labels need the room).
 */
export function renderRow(
  row: RowModel,
  handlers: RowHandlers,
  now = Date.now(),
  canEnd = true,
): HTMLLIElement {
  const { id } = row;
  const short = shortId(id);
  const who = row.customerName ?? short;
  const look = STATE_LOOK[row.state] ?? STATE_LOOK.failed;
  const copy = h(
    'button',
    { type: 'button', class: 'icon', 'data-action': 'copy', 'aria-label': t('row_copyId', who), title: id },
    copyIcon(),
  );
  copy.addEventListener('click', () => handlers.copyId(id, copy));

  const actions = rowActions(row, canEnd).map((action) => {
    const key = ACTION_KEYS[action];
    const button = h(
      'button',
      { type: 'button', 'data-action': action, 'aria-label': t(`${key}Label`, who) },
      t(key),
    );
    button.addEventListener('click', () => handlers.act(action, id, button));
    return button;
  });

  const finished = row.group === 'finished';
  return h(
    'li',
    { class: 'row', 'data-conversation-id': id, 'data-state': row.state, 'data-testid': `row-${id}` },
    h(
      'span',
      { class: `state state-${look.tone}` },
      h('span', { 'aria-hidden': 'true' }, look.icon),
      stateWords(row, now),
    ),
    h(
      'span',
      { class: 'who' },
      row.customerName
        ? h('span', { class: 'name', title: row.customerName }, row.customerName)
        : h('code', { title: id }, short),
      copy,
    ),
    // A finished row's clock stops: it shows how long the session lasted instead.
    finished
      ? h('span', { class: 'when', title: new Date(row.since).toISOString() }, lasted(row))
      : h(
          'time',
          { class: 'when', 'data-since': row.since, datetime: new Date(row.since).toISOString() },
          t('row_ago', formatElapsed(now - row.since)),
        ),
    actions.length > 0 ? h('span', { class: 'actions' }, ...actions) : null,
    joinCode(row, who, handlers),
    detail(row),
  );
}

/** A voice offer's join code, which the agent reads out to the customer, with a Copy button. */
function joinCode(row: RowModel, who: string, handlers: RowHandlers): HTMLElement | null {
  const code = row.record?.joinCode;
  if (!code || (row.state !== 'pending' && row.state !== 'active')) return null;
  const copy = h(
    'button',
    { type: 'button', 'data-action': 'copy-join-code', 'aria-label': t('row_copyJoinCodeLabel', who) },
    t('row_copyJoinCode'),
  );
  copy.addEventListener('click', () => handlers.copyJoinCode(code, copy));
  return h(
    'p',
    { class: 'join-code', 'data-testid': `join-code-${row.id}` },
    h('span', {}, t('row_joinCode', code)),
    ' ',
    copy,
  );
}

/**
 * The state in words; a start waiting out a transient failure says when it tries again ("Retrying in
 * 4 s", from the record's retryAt), ticking with the clocks, instead of a "Starting" that looks stuck.
 */
function stateWords(row: RowModel, now: number): string | HTMLElement {
  const retryAt = row.record?.retryAt;
  if (retryAt === undefined || (row.state !== 'starting' && row.state !== 'needs-sign-in'))
    return t(`state_${row.state.replaceAll('-', '_')}`);
  return h('span', { class: 'retry', 'data-retry-at': retryAt }, retryText(retryAt, now));
}

export function retryText(retryAt: number, now: number): string {
  const seconds = Math.ceil((retryAt - now) / 1000);
  return seconds > 0 ? t('row_retryingIn', String(seconds)) : t('row_retryingNow');
}

function lasted(row: RowModel): string {
  return t('row_lasted', formatElapsed(row.since - (row.record?.acceptedAt ?? row.since)));
}

/** The sentence under the row: why it failed or did not start, or why it ended. */
function detail(row: RowModel): HTMLElement | null {
  const record = row.record;
  // A not-started row says why (signed out when it was accepted) and what to do: sign in, then Start.
  if ((row.state === 'failed' || row.state === 'not-started') && record?.cause)
    return h('p', { class: 'cause' }, causeSentence(record.cause.code, record.cause));
  if (row.group === 'finished') return h('p', { class: 'detail' }, endReason(row));
  if (row.state === 'unknown')
    return h('p', { class: 'detail' }, t('unknown_detail', record?.endReason ?? '?'));
  return null;
}

/** Words for the platform's end reasons; an unknown one falls back to the state's own words. */
export function endReason(row: RowModel): string {
  const key = row.record?.endReason && `end_${row.record.endReason.replaceAll('-', '_')}`;
  if (key && hasMessage(key)) return t(key);
  return t(`end_${row.state}`);
}

/** Re-labels every row's clock; called each second, touching text only. */
export function tickClocks(root: ParentNode, now = Date.now()): void {
  for (const retry of root.querySelectorAll<HTMLElement>('[data-retry-at]')) {
    const text = retryText(Number(retry.dataset.retryAt), now);
    if (retry.textContent !== text) retry.textContent = text;
  }
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-since]')) {
    const text = t('row_ago', formatElapsed(now - Number(time.dataset.since)));
    if (time.textContent !== text) time.textContent = text;
  }
}
