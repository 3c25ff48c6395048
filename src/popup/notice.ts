import browser from 'webextension-polyfill';
import { fieldLabel } from '../ui/causes';
import { h } from '../ui/dom';
import { hasMessage, t } from '../ui/i18n';
import type { Notice } from './view';

/** The popup's one prominent message: what is missing, that the agent is signed out, or that all is quiet. */
export function renderNotice(section: HTMLElement, notice: Notice | undefined): void {
  section.hidden = !notice;
  section.classList.toggle('bad', notice?.kind === 'misconfigured');
  section.dataset.kind = notice?.kind ?? '';
  // A status update re-renders the notice; keep the admin's details open if they had opened them.
  const wasOpen = section.querySelector<HTMLDetailsElement>('details.admin-details')?.open ?? false;
  section.replaceChildren(...(notice ? content(notice) : []));
  const details = section.querySelector<HTMLDetailsElement>('details.admin-details');
  if (details) details.open = wasOpen;
}

function content(notice: Notice): Node[] {
  if (notice.kind === 'misconfigured') return misconfigured(notice);
  const [title, body] =
    notice.kind === 'empty'
      ? ['notice_emptyTitle', 'notice_emptyBody']
      : notice.final
        ? ['notice_signedOutFinalTitle', 'notice_signedOutFinalBody']
        : ['notice_signedOutTitle', 'notice_signedOutBody'];
  return [h('h2', {}, t(title)), h('p', {}, t(body))];
}

function misconfigured(notice: Extract<Notice, { kind: 'misconfigured' }>): Node[] {
  const problems = notice.problems.map(splitProblem);
  // A field that is invalid is not also "missing" (the worker reports its fallback as missing).
  const invalid = new Set(problems.map((p) => p.field));
  const items = [
    ...notice.missing
      .filter((field) => !invalid.has(field))
      .map((field) => h('li', {}, t('notice_missingField', fieldLabel(field)))),
    // The schema's own words (English) after the field's localized name.
    ...problems.map((p) =>
      h(
        'li',
        {},
        p.field && hasMessage(`field_${p.field}`) ? `${fieldLabel(p.field)}: ${p.message}` : p.text,
      ),
    ),
  ];
  const open = h('button', { type: 'button', class: 'link' }, t('notice_openOptions'));
  open.addEventListener('click', () => void browser.runtime.openOptionsPage());
  // The agent reads one plain sentence; the technical list is for whoever configures the extension.
  return [
    h('h2', {}, t('notice_misconfiguredTitle')),
    h(
      'details',
      { class: 'admin-details' },
      h('summary', {}, t('notice_adminDetails')),
      h('p', {}, t(notice.problems.length > 0 ? 'notice_invalidBody' : 'notice_missingBody')),
      h('ul', {}, ...items),
      open,
    ),
  ];
}

/** `describeIssues` lines read `path.to.field: message`; the first path segment is the settings field. */
function splitProblem(text: string): { text: string; field?: string; message: string } {
  const match = /^([A-Za-z]+)[\w.]*: (.*)$/.exec(text);
  return match ? { text, field: match[1], message: match[2] ?? '' } : { text, message: text };
}
