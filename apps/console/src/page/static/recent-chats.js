// «Последние чаты»: the integration's last 20 chats (a chat is one question of a conversation) with their
// attribution and export state; a contact's name opens the transcript.
import { api } from './api.js';
import { $, dateTime, el } from './dom.js';
import { channelLabel, contactLabel, EXPORT_STATUS } from './labels.js';
import { accountPath, state } from './page-state.js';
import { openTranscript } from './transcript.js';

const KINDS = { session: 'по сессии', mapping: 'по сопоставлению', default: 'по умолчанию', forced: 'принудительно' };

export const fetchChats = () =>
  api('GET', accountPath('/chats?limit=20&integrationId=' + state.integration.id)).then((data) => data.chats);

export function renderChats(chats) {
  const list = $('chats');
  list.replaceChildren();
  $('chats-empty').hidden = chats.length > 0;
  chats.forEach((chat) => list.appendChild(chatItem(chat)));
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
    el('span', { class: 'kind ' + chat.attributionKind }, KINDS[chat.attributionKind] || chat.attributionKind),
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
  item.appendChild(
    el(
      'div',
      { class: 'meta' },
      dateTime(chat.startedAt) + ' · ' + target + (utm ? ' · UTM: ' + utm : '') + ' · сообщений: ' + chat.messagesCount,
    ),
  );
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
