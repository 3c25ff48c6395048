import type { ConversationRecord } from '../shared/records';
import { causeSentence } from '../ui/causes';
import { h } from '../ui/dom';
import { formatElapsed, shortId } from '../ui/elapsed';
import { t } from '../ui/i18n';
import { copyIcon } from '../ui/icons';
import { type RowAction, rowActions, STATE_LOOK } from './view';

export interface RowHandlers {
  copyId(conversationId: string, button: HTMLButtonElement): void;
  act(action: RowAction, conversationId: string, button: HTMLButtonElement): void;
}

/**
 * One conversation: state (tone + icon + words), short id with the full id on hover and a copy
 * button, time since the start, the cause sentence when it failed, and Retry or End.
 */
export function renderRow(
  record: ConversationRecord,
  handlers: RowHandlers,
  now = Date.now(),
  canEnd = true,
): HTMLLIElement {
  const id = record.conversationId;
  const short = shortId(id);
  const look = STATE_LOOK[record.state];
  const stateName = t(`state_${record.state.replaceAll('-', '_')}`);
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'icon',
      'data-action': 'copy',
      'aria-label': t('row_copyId', short),
      title: t('row_copyId', id),
    },
    copyIcon(),
  );
  copy.addEventListener('click', () => handlers.copyId(id, copy));

  const actions = rowActions(record, canEnd).map((action) => {
    const button = h(
      'button',
      { type: 'button', 'data-action': action, 'aria-label': t(`row_${action}Label`, short) },
      t(`row_${action}`),
    );
    button.addEventListener('click', () => handlers.act(action, id, button));
    return button;
  });

  const cause =
    record.state === 'failed' && record.cause
      ? h('p', { class: 'cause' }, causeSentence(record.cause.code))
      : null;
  return h(
    'li',
    { class: 'row', 'data-conversation-id': id, 'data-state': record.state, 'data-testid': `row-${id}` },
    h(
      'span',
      { class: `state state-${look.tone}` },
      h('span', { 'aria-hidden': 'true' }, look.icon),
      stateName,
    ),
    h('span', { class: 'id' }, h('code', { title: id }, short), copy),
    h(
      'time',
      {
        'data-since': record.acceptedAt,
        datetime: new Date(record.acceptedAt).toISOString(),
        title: t('row_since'),
      },
      formatElapsed(now - record.acceptedAt),
    ),
    h('span', { class: 'actions' }, ...actions),
    cause,
  );
}

/** Re-labels every row's clock; called each second, touching text only. */
export function tickClocks(root: ParentNode, now = Date.now()): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-since]')) {
    const text = formatElapsed(now - Number(time.dataset.since));
    if (time.textContent !== text) time.textContent = text;
  }
}
