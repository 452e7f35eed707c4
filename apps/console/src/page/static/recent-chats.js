// «Чаты»: the chats (a chat is one question of a conversation), newest started first, 20 a page with
// «Показать ещё» (keyset: the next page starts where the last ended), narrowed by the filters above
// (chat-filters.js); each with its attribution and export state; a contact's name opens the transcript.
// The live refresh reloads the first page only while no further page is open, so reading is not reset.
import { api } from './api.js';
import { ATTRIBUTION_KINDS, chatFilterQuery, fillTraffic, showFilterErrors, wireChatFilters } from './chat-filters.js';
import { $, dateTime, el } from './dom.js';
import { channelLabel, contactLabel, EXPORT_STATUS } from './labels.js';
import { accountPath, state } from './page-state.js';
import { openTranscript, reopenFromAddress } from './transcript.js';

const PAGE = 20;
/** Answers older than the last request are dropped: a slow poll never overwrites a newer filter's list. */
let asked = 0;
let nextCursor = null;
/** More than the first page is open: the poll leaves the list alone. */
let extended = false;

function loadPage(cursor) {
  asked += 1;
  const seq = asked;
  const q = chatFilterQuery();
  q.set('limit', String(PAGE));
  if (cursor) q.set('cursor', cursor);
  return api('GET', accountPath('/chats?' + q.toString())).then(
    (data) => ({ ...data, seq, append: !!cursor }),
    (error) => {
      if (error.status === 422) return { errors: error.data.errors, seq };
      throw error;
    },
  );
}

/** Whose list is shown: another integration or account starts from its first page. */
let shownFor = null;

/** The first page for the filters (null while further pages of the same list are open: it stays). */
export function fetchChats() {
  fillTraffic();
  if (!state.integration) return Promise.resolve(null);
  const owner = state.accountId + '/' + state.integration.id;
  if (extended && shownFor === owner) return Promise.resolve(null);
  extended = false;
  shownFor = owner;
  return loadPage(null);
}

/** A page answer (or [] to empty the list for a new integration; null keeps it). */
export function renderChats(data) {
  if (data === null) return;
  if (Array.isArray(data)) data = { chats: data, nextCursor: null, seq: asked };
  if (data.seq !== asked) return;
  const rest = showFilterErrors(data.errors || []);
  $('chats-problem').textContent = rest.map((e) => e.message).join('; ');
  if (data.errors) return;
  const list = $('chats');
  if (!data.append) list.replaceChildren();
  data.chats.forEach((chat) => list.appendChild(chatItem(chat)));
  nextCursor = data.nextCursor;
  const filtered = [...chatFilterQuery().keys()].some((k) => k !== 'integrationId');
  const none = list.children.length === 0;
  $('chats-empty').hidden = !none || filtered;
  $('chats-nothing').hidden = !none || !filtered;
  $('chats-more').hidden = !nextCursor;
  reopenFromAddress();
}

function reload() {
  extended = false;
  return fetchChats()
    .then(renderChats)
    .catch((error) => {
      $('chats-problem').textContent = 'Не удалось загрузить чаты: ' + error.message;
    });
}

/** The filters above the list and «Показать ещё» below it. */
export function wireChats() {
  $('chats').before(el('p', { id: 'chats-nothing', class: 'hint', hidden: '' }, 'Нет чатов по этим условиям.'));
  $('chats').before(el('p', { id: 'chats-problem', class: 'error', role: 'alert' }));
  const more = el('button', { type: 'button', id: 'chats-more', class: 'secondary', hidden: '' }, 'Показать ещё');
  $('chats').after(more);
  wireChatFilters(reload);
  more.addEventListener('click', () => {
    if (!nextCursor) return;
    extended = true;
    more.disabled = true;
    loadPage(nextCursor)
      .then(renderChats)
      .catch((error) => {
        $('chats-problem').textContent = 'Не удалось загрузить чаты: ' + error.message;
      })
      .finally(() => {
        more.disabled = false;
      });
  });
}

function chatItem(chat) {
  const item = el('li', { 'data-chat-id': chat.id });
  const title = el('div');
  const open = el(
    'button',
    { type: 'button', class: 'chat-open', 'aria-label': 'Открыть переписку' },
    contactLabel(chat),
  );
  open.addEventListener('click', () => openTranscript(chat.id));
  title.appendChild(open);
  title.appendChild(document.createTextNode(' · ' + channelLabel(chat.channel) + ' '));
  title.appendChild(
    el(
      'span',
      { class: 'kind ' + chat.attributionKind },
      ATTRIBUTION_KINDS[chat.attributionKind] || chat.attributionKind,
    ),
  );
  // A later question of a conversation (a visitor who came back) is marked: it is not a new visitor.
  if (chat.question && chat.question.index > 1) {
    title.appendChild(document.createTextNode(' '));
    title.appendChild(
      el('span', { class: 'kind question' }, 'вопрос ' + chat.question.index + '/' + chat.question.count),
    );
  }
  item.appendChild(title);
  const target = chat.campaign
    ? chat.campaign.name + (chat.campaign.site ? ' — ' + chat.campaign.site.domain : '')
    : chat.source
      ? chat.source.name + (chat.site ? ' / ' + chat.site.domain : '')
      : '—';
  const utm = [chat.utmSource, chat.utmMedium, chat.utmCampaign].filter(Boolean).join(' / ');
  const meta = el('div', { class: 'meta' });
  meta.appendChild(el('span', { class: 'nowrap' }, dateTime(chat.startedAt)));
  meta.appendChild(
    document.createTextNode(' · ' + target + (utm ? ' · UTM: ' + utm : '') + ' · сообщений: ' + chat.messagesCount),
  );
  item.appendChild(meta);
  if (chat.exportStatus) {
    const remote = chat.exportRemoteId ? ' (id ' + chat.exportRemoteId + ')' : '';
    item.appendChild(
      el(
        'div',
        { class: 'meta export ' + chat.exportStatus },
        'CoMagic: ' + EXPORT_STATUS[chat.exportStatus] + remote + (chat.exportError ? ' — ' + chat.exportError : ''),
      ),
    );
  }
  if (chat.firstVisitorMessage) item.appendChild(el('div', { class: 'first-message' }, chat.firstVisitorMessage));
  return item;
}
