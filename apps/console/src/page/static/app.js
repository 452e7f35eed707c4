// The integration page. Plain browser JavaScript, no build step. Every value that came from the API or
// from a user goes into the page through textContent or .value, never through innerHTML.
(function () {
  'use strict';

  var MESSENGERS = { telegram: 'Telegram', whatsapp: 'WhatsApp', viber: 'Viber', vk: 'ВКонтакте', facebook: 'Facebook', instagram: 'Instagram', avito: 'Авито', other: 'Другой мессенджер' };
  var CHANNELS = { widget: 'Виджет на сайте', email: 'Email' };
  var KINDS = { session: 'по сессии', mapping: 'по сопоставлению', default: 'по умолчанию', forced: 'принудительно' };
  var BACKFILL_STATUS = { running: 'идёт', interrupted: 'прервана (запустите снова, чтобы продолжить)', done: 'завершена', failed: 'ошибка' };
  var EXPORT_STATUS = { pending: 'в очереди', exported: 'выгружен', failed: 'ошибка', not_exportable: 'не выгружается' };
  var KEY_STATUS = { valid: 'ключ действителен', invalid: 'ключ недействителен', unchecked: 'ключ не проверен' };
  var POLL_MS = 5000;

  var state = { accountId: null, integration: null, catalog: null, offeredMessengers: null, pollTimer: null };
  var $ = function (id) { return document.getElementById(id); };
  var form = $('settings');

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // The page speaks Russian whatever failed: the network, the server, or an English message from the API.
  var HTTP_PROBLEMS = { 400: 'запрос не понят сервером', 401: 'нужно войти заново (обновите страницу)', 403: 'запрос отклонён', 404: 'не найдено (возможно, удалено)', 409: 'уже выполняется', 413: 'слишком большой запрос', 422: 'проверьте поля формы', 429: 'слишком много запросов, повторите позже', 503: 'сервис временно недоступен, повторите позже' };
  function russianProblem(status, message) {
    if (message && /[а-яё]/i.test(message)) return message;
    return HTTP_PROBLEMS[status] || (status >= 500 ? 'ошибка на сервере (' + status + ')' : 'ошибка ' + status);
  }

  function api(method, path, body) {
    return fetch('/api' + path, {
      method: method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    }).catch(function () {
      throw new Error('нет связи с консолью — проверьте сеть и что сервер запущен');
    }).then(function (response) {
      if (response.status === 204) return null;
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error(russianProblem(response.status, data.message)); error.status = response.status; error.data = data; throw error; }
        return data;
      });
    });
  }

  function showPageError(message) {
    var banner = $('page-error');
    banner.textContent = message || '';
    banner.hidden = !message;
  }

  function fillSelect(select, items, label, empty) {
    var current = select.value;
    select.replaceChildren(el('option', { value: '' }, empty || '— выберите —'));
    items.forEach(function (item) { select.appendChild(el('option', { value: item.id }, label(item))); });
    select.value = current;
  }

  // Every site has its own «Посетители без рекламной кампании»: the site tells them apart.
  function campaignLabel(c) {
    var site = state.catalog && state.catalog.sites.find(function (s) { return s.id === c.siteId; });
    return c.name + (site ? ' — ' + site.domain : '') + (c.isSystem ? ' (системная)' : '');
  }
  function sourceLabel(s) { return s.name + ' — ' + s.group; }

  function trafficType() { return form.querySelector('input[name=trafficType]:checked').value; }

  function applyMode() {
    var mode = trafficType();
    document.querySelectorAll('[data-mode]').forEach(function (node) { node.hidden = node.getAttribute('data-mode') !== mode; });
    $('mapping-title').textContent = mode === 'campaign' ? 'Сопоставление рекламных кампаний' : 'Сопоставление источников';
    $('tag-row').hidden = !$('taggingEnabled').checked;
    $('mappings-empty').hidden = $('mappings').tBodies[0].rows.length > 0;
  }

  function messengerOptions() {
    var keys = state.offeredMessengers && state.offeredMessengers.length ? state.offeredMessengers : Object.keys(MESSENGERS);
    return keys.map(function (k) { return { id: k, name: MESSENGERS[k] || k }; });
  }

  function addMappingRow(mapping) {
    mapping = mapping || {};
    var index = $('mappings').tBodies[0].rows.length;
    var row = el('tr');
    var messenger = el('select', { 'data-field': 'messenger', 'aria-label': 'Мессенджер' });
    fillSelect(messenger, messengerOptions(), function (m) { return m.name; });
    if (mapping.messenger && !messenger.querySelector('option[value="' + mapping.messenger + '"]')) messenger.appendChild(el('option', { value: mapping.messenger }, MESSENGERS[mapping.messenger] || mapping.messenger));
    messenger.value = mapping.messenger || '';
    var source = el('select', { 'data-field': 'sourceId', 'aria-label': 'Источник' });
    fillSelect(source, state.catalog.sources, sourceLabel);
    source.value = mapping.sourceId || '';
    var site = el('select', { 'data-field': 'siteId', 'aria-label': 'Сайт' });
    fillSelect(site, state.catalog.sites, function (s) { return s.domain; });
    site.value = mapping.siteId || '';
    var campaign = el('select', { 'data-field': 'campaignId', 'aria-label': 'Рекламная кампания' });
    fillSelect(campaign, state.catalog.campaigns, campaignLabel);
    campaign.value = mapping.campaignId || '';
    var remove = el('button', { type: 'button', class: 'link', 'aria-label': 'Удалить сопоставление' }, '✕');
    remove.addEventListener('click', function () { row.remove(); applyMode(); });
    [[messenger], [source, 'source'], [site, 'source'], [campaign, 'campaign'], [remove]].forEach(function (cell) {
      var td = el('td', cell[1] ? { 'data-mode': cell[1] } : {});
      td.appendChild(cell[0]);
      td.appendChild(el('p', { class: 'error', 'data-row-error': cell[0].getAttribute('data-field') || '' }));
      row.appendChild(td);
    });
    row.setAttribute('data-index', String(index));
    $('mappings').tBodies[0].appendChild(row);
    applyMode();
  }

  function readForm() {
    var mode = trafficType();
    var mappings = Array.prototype.map.call($('mappings').tBodies[0].rows, function (row) {
      var value = function (f) { return row.querySelector('[data-field=' + f + ']').value || null; };
      return mode === 'campaign' ? { messenger: value('messenger') || '', campaignId: value('campaignId') } : { messenger: value('messenger') || '', sourceId: value('sourceId'), siteId: value('siteId') };
    });
    var body = {
      name: $('name').value,
      active: $('active').checked,
      trafficType: mode,
      forcedMode: $('forcedMode').checked,
      defaultCampaignId: $('defaultCampaignId').value || null,
      defaultSourceId: $('defaultSourceId').value || null,
      defaultSiteId: $('defaultSiteId').value || null,
      defaultEmployeeId: $('defaultEmployeeId').value || null,
      taggingEnabled: $('taggingEnabled').checked,
      tagId: $('tagId').value || null,
      phoneRegion: $('phoneRegion').value,
      trackerGlobal: $('trackerGlobal').value,
      mappings: mappings,
    };
    if ($('apiKey').value.trim()) body.apiKey = $('apiKey').value.trim();
    if ($('webhookToken').value.trim()) body.webhookToken = $('webhookToken').value.trim();
    body.exportBrand = $('exportBrand').value || null;
    if ($('exportToken').value.trim()) body.exportToken = $('exportToken').value.trim();
    return body;
  }

  function clearErrors() {
    form.querySelectorAll('[data-error],[data-row-error]').forEach(function (p) { p.textContent = ''; });
    form.querySelectorAll('.field-invalid').forEach(function (n) { n.classList.remove('field-invalid'); });
    if ($('save-result').className === 'error') { $('save-result').textContent = ''; $('save-result').className = ''; }
  }

  function showErrors(errors) {
    errors.forEach(function (e) {
      var match = /^mappings\.(\d+)\.(\w+)$/.exec(e.field);
      var target;
      if (match) {
        var row = $('mappings').tBodies[0].rows[Number(match[1])];
        target = row && row.querySelector('[data-row-error=' + match[2] + ']');
        var input = row && row.querySelector('[data-field=' + match[2] + ']');
        if (input) input.classList.add('field-invalid');
      } else {
        target = form.querySelector('[data-error="' + e.field + '"]');
        var field = form.querySelector('[name="' + e.field + '"]');
        if (field) field.classList.add('field-invalid');
      }
      (target || form.querySelector('[data-error=_form]')).textContent = e.message;
    });
    $('save-result').textContent = 'Исправьте ' + errors.length + ' ' + plural(errors.length, 'поле', 'поля', 'полей');
    $('save-result').className = 'error';
    focusFirstInvalid();
  }

  function plural(n, one, few, many) {
    var tens = n % 100, units = n % 10;
    if (tens >= 11 && tens <= 14) return many;
    return units === 1 ? one : units >= 2 && units <= 4 ? few : many;
  }

  // The first wrong field in the form's order (not the server's), brought into view, even inside a closed <details>.
  function focusFirstInvalid() {
    var field = form.querySelector('.field-invalid') || form.querySelector('[data-error]:not(:empty)');
    if (!field) return;
    var details = field.closest('details');
    if (details) details.open = true;
    field.scrollIntoView({ block: 'center' });
    if (typeof field.focus === 'function') field.focus({ preventScroll: true });
  }

  function renderKeyStatus(status, error) {
    var chip = $('key-status');
    chip.className = 'status-chip ' + (status || '');
    chip.textContent = status ? KEY_STATUS[status] + (error ? ': ' + error : '') : '';
  }

  function renderIntegration(integration) {
    state.integration = integration;
    clearErrors();
    $('apiKey').value = '';
    $('webhookToken').value = '';
    $('exportToken').value = '';
    if (!integration) {
      form.reset();
      $('mappings').tBodies[0].replaceChildren();
      $('webhook-filled').hidden = true;
      $('webhook-empty').hidden = false;
      $('script-section').hidden = true;
      $('apiKey').placeholder = 'Вставьте API-ключ';
      renderKeyStatus(null);
      applyMode();
      renderStatus(null);
      renderChats([]);
      renderBackfill(null);
      renderDeliveries(null);
      return;
    }
    $('active').checked = integration.active;
    $('name').value = integration.name;
    $('apiKey').placeholder = integration.apiKey.masked + ' (оставьте пустым, чтобы не менять)';
    $('webhookToken').placeholder = integration.hasWebhookToken ? 'задан (оставьте пустым, чтобы не менять)' : '';
    renderKeyStatus(integration.apiKey.status, integration.apiKey.error);
    form.querySelector('input[name=trafficType][value=' + integration.trafficType + ']').checked = true;
    $('forcedMode').checked = integration.forcedMode;
    $('defaultCampaignId').value = integration.defaultCampaignId || '';
    $('defaultSourceId').value = integration.defaultSourceId || '';
    $('defaultSiteId').value = integration.defaultSiteId || '';
    $('defaultEmployeeId').value = integration.defaultEmployeeId || '';
    $('taggingEnabled').checked = integration.taggingEnabled;
    $('tagId').value = integration.tagId || '';
    $('phoneRegion').value = integration.phoneRegion;
    $('trackerGlobal').value = integration.trackerGlobal;
    $('exportBrand').value = integration.export.brand || '';
    $('exportToken').placeholder = integration.export.token ? integration.export.token + ' (оставьте пустым, чтобы не менять)' : '';
    $('mappings').tBodies[0].replaceChildren();
    integration.mappings.forEach(addMappingRow);
    $('webhook-url').value = integration.webhookUrl;
    $('webhook-filled').hidden = false;
    $('webhook-empty').hidden = true;
    $('script').textContent = integration.script;
    $('script-section').hidden = false;
    applyMode();
  }

  function renderStatus(status) {
    $('status').hidden = !status;
    $('status-empty').hidden = !!status;
    $('st-failures').replaceChildren();
    if (!status) return;
    $('st-last-webhook').textContent = status.lastWebhookAt ? new Date(status.lastWebhookAt).toLocaleString('ru-RU') : 'ещё не было';
    $('st-chats').textContent = status.chats.today + ' / ' + status.chats.last7Days;
    $('st-jobs').textContent = status.jobs.unavailable ? status.jobs.unavailable : status.jobs.waiting + ' / ' + status.jobs.failed;
    $('st-key').textContent = KEY_STATUS[status.key.status] + (status.key.error ? ' — ' + status.key.error : '');
    renderExportStatus(status.export);
    renderCatchUp(status.catchUp);
    status.jobs.lastFailures.forEach(function (f) { $('st-failures').appendChild(el('li', {}, 'Диалог ' + f.conversationId + ': ' + f.reason)); });
  }

  // The export in the marketer's words: counts, last success, why it stopped, the last refused chat, the time zone.
  function renderExportStatus(exp) {
    var box = $('st-export');
    box.replaceChildren();
    if (!exp) { box.textContent = 'выключена'; return; }
    var line = function (cls, text) { box.appendChild(el('div', { class: cls }, text)); };
    line('export-counts', Object.keys(EXPORT_STATUS).map(function (k) { return EXPORT_STATUS[k] + ': ' + (exp.chats[k] || 0); }).join(', '));
    line('export-last-success', 'Последняя успешная выгрузка: ' + (exp.lastExportedAt ? new Date(exp.lastExportedAt).toLocaleString('ru-RU') : 'ещё не было'));
    if (exp.error) line('export-stopped error', 'Выгрузка остановлена: ' + exp.error);
    if (exp.lastChatRefusal) line('export-refusal', 'Последний отказ CoMagic (диалог ' + exp.lastChatRefusal.conversationId + '): ' + exp.lastChatRefusal.reason);
    if (exp.timeZoneAssumedBecause) line('export-time-zone warning', 'Часовой пояс: ' + exp.timeZoneAssumedBecause);
    else if (exp.timeZone) line('export-time-zone', 'Часовой пояс аккаунта: ' + exp.timeZone);
  }

  function renderCatchUp(catchUp) {
    var box = $('st-catch-up');
    if (!catchUp) { box.textContent = 'ещё не запускалась'; box.className = ''; return; }
    var when = catchUp.lastFinishedAt ? new Date(catchUp.lastFinishedAt).toLocaleString('ru-RU') : 'идёт';
    box.className = catchUp.error ? 'error' : '';
    box.textContent = when + ' · просмотрено ' + catchUp.scanned + ', поставлено в импорт ' + catchUp.queued + (catchUp.error ? ' · ошибка: ' + catchUp.error : '');
  }

  var DELIVERY_ANSWERS = { 200: 'принят', 400: 'отклонён', 401: 'неверный токен', 413: 'слишком большой', 415: 'не тот формат', 429: 'слишком часто', 500: 'ошибка', 503: 'повтор позже' };

  function renderDeliveries(log) {
    $('deliveries-panel').hidden = !state.integration;
    var body = $('deliveries').tBodies[0];
    body.replaceChildren();
    var deliveries = (log && log.deliveries) || [];
    $('deliveries').hidden = deliveries.length === 0;
    $('deliveries-empty').hidden = deliveries.length > 0;
    deliveries.forEach(function (d) {
      var row = el('tr', { class: d.httpStatus >= 400 ? 'refused' : '' });
      row.appendChild(el('td', {}, new Date(d.at).toLocaleString('ru-RU')));
      row.appendChild(el('td', {}, d.httpStatus + ' ' + (DELIVERY_ANSWERS[d.httpStatus] || '') + ' (' + d.status + ')'));
      row.appendChild(el('td', {}, d.eventName || d.kind || '—'));
      row.appendChild(el('td', {}, d.conversationId || '—'));
      row.appendChild(el('td', {}, d.problem || ''));
      body.appendChild(row);
    });
    var bodies = $('delivery-bodies');
    bodies.replaceChildren();
    ((log && log.bodies) || []).forEach(function (b) {
      var details = el('details', { class: 'delivery-body' });
      details.appendChild(el('summary', {}, 'Тело доставки ' + new Date(b.at).toLocaleString('ru-RU') + (b.truncated ? ' (обрезано до 16 КБ)' : '')));
      details.appendChild(el('pre', {}, readableBody(b)));
      bodies.appendChild(details);
    });
  }

  // A body is shown field by field as the ingress understood it (after base64, if any): that is what an
  // operator compares with CarrotQuest's docs. One it did not understand was not kept, only its digest.
  function readableBody(b) {
    if (b.encoding === 'unparsed') return 'Тело не разобрано и не сохранено: ' + b.bytes + ' байт, SHA-256 ' + b.sha256;
    if (b.encoding) {
      try {
        var fields = JSON.parse(b.body);
        return [b.encoding + ', ' + b.bytes + ' байт'].concat(Object.keys(fields).map(function (name) {
          var value = fields[name];
          return name + ' = ' + (typeof value === 'string' ? value : JSON.stringify(value));
        })).join('\n');
      } catch (e) { return b.body; }
    }
    if ((b.contentType || '').indexOf('x-www-form-urlencoded') < 0) return b.body;
    try {
      var lines = [];
      new URLSearchParams(b.body).forEach(function (value, name) { lines.push(name + ' = ' + value); });
      return lines.join('\n');
    } catch (e) { return b.body; }
  }

  function renderChats(chats) {
    var list = $('chats');
    list.replaceChildren();
    $('chats-empty').hidden = chats.length > 0;
    chats.forEach(function (chat) {
      var item = el('li', { 'data-chat-id': chat.id });
      var title = el('div');
      var open = el('button', { type: 'button', class: 'chat-open', 'aria-label': 'Открыть переписку' }, chat.contactName || chat.contactPhone || chat.contactEmail || 'Посетитель без контактов');
      open.addEventListener('click', function () { openTranscript(chat.id); });
      title.appendChild(open);
      title.appendChild(document.createTextNode(' · ' + (CHANNELS[chat.channel] || MESSENGERS[chat.channel] || chat.channel) + ' '));
      title.appendChild(el('span', { class: 'kind ' + chat.attributionKind }, KINDS[chat.attributionKind] || chat.attributionKind));
      item.appendChild(title);
      var target = chat.campaign ? chat.campaign.name + (chat.campaign.site ? ' — ' + chat.campaign.site.domain : '') : chat.source ? chat.source.name + (chat.site ? ' / ' + chat.site.domain : '') : '—';
      var utm = [chat.utmSource, chat.utmMedium, chat.utmCampaign].filter(Boolean).join(' / ');
      item.appendChild(el('div', { class: 'meta' }, new Date(chat.startedAt).toLocaleString('ru-RU') + ' · ' + target + (utm ? ' · UTM: ' + utm : '') + ' · сообщений: ' + chat.messagesCount));
      if (chat.exportStatus) {
        item.appendChild(el('div', { class: 'meta export ' + chat.exportStatus }, 'CoMagic: ' + EXPORT_STATUS[chat.exportStatus] + (chat.exportRemoteId ? ' (id ' + chat.exportRemoteId + ')' : '') + (chat.exportError ? ' — ' + chat.exportError : '')));
      }
      if (chat.firstVisitorMessage) item.appendChild(el('div', { class: 'first-message' }, chat.firstVisitorMessage));
      list.appendChild(item);
    });
  }

  var AUTHORS = { visitor: 'Посетитель', operator: 'Оператор', bot: 'Бот', system: 'Система' };
  var SYSTEM_PARTS = { assigned: 'диалог назначен', closed: 'диалог закрыт', reopened: 'диалог открыт снова', tag_added: 'добавлен тег', tag_deleted: 'удалён тег' };

  // The transcript: who wrote, when, what; system lines greyed; the attribution in one sentence.
  function openTranscript(chatId) {
    var dialog = $('transcript');
    $('transcript-title').textContent = 'Загрузка…';
    $('transcript-meta').textContent = '';
    $('transcript-attribution').textContent = '';
    $('transcript-messages').replaceChildren();
    if (!dialog.open) dialog.showModal();
    api('GET', '/accounts/' + state.accountId + '/chats/' + chatId).then(function (chat) {
      $('transcript-title').textContent = chat.contactName || chat.contactPhone || chat.contactEmail || 'Посетитель без контактов';
      $('transcript-meta').textContent = [CHANNELS[chat.channel] || MESSENGERS[chat.channel] || chat.channel, new Date(chat.startedAt).toLocaleString('ru-RU'), chat.contactPhone, chat.contactEmail, 'диалог ' + chat.conversationId].filter(Boolean).join(' · ');
      $('transcript-attribution').textContent = chat.attributionExplanation;
      var list = $('transcript-messages');
      if (!chat.messages.length) list.appendChild(el('li', { class: 'hint' }, 'Сообщений нет.'));
      chat.messages.forEach(function (m) {
        var item = el('li', { class: 'message ' + m.author });
        var who = m.author === 'operator' || m.author === 'bot' ? (m.operatorName || AUTHORS[m.author]) : AUTHORS[m.author];
        item.appendChild(el('div', { class: 'message-head' }, who + ' · ' + new Date(m.sentAt).toLocaleString('ru-RU')));
        item.appendChild(el('div', { class: 'message-text' }, m.text !== null ? m.text : (SYSTEM_PARTS[m.partType] || m.partType)));
        list.appendChild(item);
      });
    }).catch(function (error) { $('transcript-title').textContent = 'Не удалось открыть переписку: ' + error.message; });
  }

  function renderBackfill(progress) {
    $('backfill-panel').hidden = !state.integration;
    $('backfill-bar').hidden = !progress;
    if (!progress) { $('backfill-status').textContent = ''; return; }
    $('backfill-bar').value = progress.fraction;
    $('backfill-status').textContent = Math.floor(progress.fraction * 100) + '% · просмотрено ' + progress.scanned + ', в очереди на импорт ' + progress.queued + ' · ' + BACKFILL_STATUS[progress.status] + (progress.error ? ': ' + progress.error : '');
  }

  function startBackfill() {
    var integration = state.integration;
    if (!integration) return;
    $('backfill-error').textContent = '';
    var to = $('backfill-to').value ? $('backfill-to').value + 'T23:59:59Z' : null;
    api('POST', '/accounts/' + state.accountId + '/integrations/' + integration.id + '/backfill', { from: $('backfill-from').value, to: to })
      .then(renderBackfill)
      .catch(function (error) {
        var fields = (error.data && error.data.errors) || [];
        $('backfill-error').textContent = fields.length ? fields.map(function (f) { return f.message; }).join('; ') : error.message;
      });
  }

  function refreshLive() {
    var integration = state.integration;
    if (!integration || !state.accountId) return Promise.resolve();
    var base = '/accounts/' + state.accountId;
    return Promise.all([api('GET', base + '/integrations/' + integration.id + '/status'), api('GET', base + '/chats?limit=20&integrationId=' + integration.id), api('GET', base + '/integrations/' + integration.id + '/backfill'), api('GET', base + '/integrations/' + integration.id + '/deliveries')])
      .then(function (results) { renderStatus(results[0]); renderChats(results[1].chats); renderBackfill(results[2].backfill); renderDeliveries(results[3]); showPageError(''); })
      .catch(function (error) { showPageError('Не удалось обновить состояние: ' + error.message); });
  }

  function loadIntegrations(selectId) {
    return api('GET', '/accounts/' + state.accountId + '/integrations').then(function (data) {
      var select = $('integration');
      select.replaceChildren();
      data.integrations.forEach(function (i) { select.appendChild(el('option', { value: i.id }, i.name)); });
      select.appendChild(el('option', { value: '' }, '+ новая'));
      var chosen = data.integrations.find(function (i) { return i.id === selectId; }) || data.integrations[0] || null;
      select.value = chosen ? chosen.id : '';
      renderIntegration(chosen);
      return refreshLive();
    });
  }

  function loadAccount(accountId) {
    state.accountId = accountId;
    $('report-link').href = 'report.html?account=' + encodeURIComponent(accountId);
    return api('GET', '/accounts/' + accountId + '/catalog').then(function (catalog) {
      state.catalog = catalog;
      fillSelect($('defaultEmployeeId'), catalog.employees, function (e) { return e.name; });
      fillSelect($('defaultSourceId'), catalog.sources, sourceLabel);
      fillSelect($('defaultSiteId'), catalog.sites, function (s) { return s.domain; });
      fillSelect($('defaultCampaignId'), catalog.campaigns, campaignLabel);
      fillSelect($('tagId'), catalog.tags, function (t) { return t.name; });
      return loadIntegrations(new URLSearchParams(location.search).get('integration'));
    });
  }

  function save(event) {
    event.preventDefault();
    clearErrors();
    var body = readForm();
    var creating = !state.integration;
    var path = '/accounts/' + state.accountId + '/integrations' + (creating ? '' : '/' + state.integration.id);
    $('save').disabled = true;
    $('save-result').className = '';
    $('save-result').textContent = 'Сохранение…';
    api(creating ? 'POST' : 'PUT', path, body)
      .then(function (saved) {
        $('save-result').textContent = 'Сохранено';
        if (saved.keyCheck && saved.keyCheck.channels.length) rememberChannels(saved.keyCheck.channels);
        return loadIntegrations(saved.id);
      })
      .catch(function (error) {
        $('save-result').textContent = '';
        if (error.status === 422 && error.data.errors) showErrors(error.data.errors);
        else form.querySelector('[data-error=_form]').textContent = 'Не удалось сохранить: ' + error.message;
        if (!(error.status === 422 && error.data.errors)) focusFirstInvalid();
      })
      .finally(function () { $('save').disabled = false; });
  }

  function rememberChannels(channels) {
    var offered = channels.map(function (c) { return c.type; }).filter(function (t) { return MESSENGERS[t] && t !== 'other'; });
    state.offeredMessengers = offered.concat(['other']);
  }

  function checkKey() {
    var key = $('apiKey').value.trim();
    var request = state.integration
      ? api('POST', '/accounts/' + state.accountId + '/integrations/' + state.integration.id + '/check-key', key ? { apiKey: key } : {})
      : key ? api('POST', '/accounts/' + state.accountId + '/check-key', { apiKey: key }) : Promise.reject(new Error('Вставьте API-ключ'));
    renderKeyStatus(null);
    request.then(function (result) {
      renderKeyStatus(result.status, result.error);
      if (result.status === 'valid') rememberChannels(result.channels);
    }).catch(function (error) { form.querySelector('[data-error=apiKey]').textContent = error.message; });
  }

  function copy(text, button) {
    var done = function () { var label = button.textContent; button.textContent = 'Скопировано'; setTimeout(function () { button.textContent = label; }, 1500); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    else { fallbackCopy(text); done(); }
  }
  function fallbackCopy(text) {
    var area = el('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays selectable */ }
    area.remove();
  }

  form.addEventListener('submit', save);
  form.querySelectorAll('input[name=trafficType]').forEach(function (r) { r.addEventListener('change', applyMode); });
  $('taggingEnabled').addEventListener('change', applyMode);
  $('add-mapping').addEventListener('click', function () { addMappingRow(); });
  $('check-key').addEventListener('click', checkKey);
  $('backfill-start').addEventListener('click', startBackfill);
  $('copy-webhook').addEventListener('click', function () { copy($('webhook-url').value, $('copy-webhook')); });
  $('copy-script').addEventListener('click', function () { copy($('script').textContent, $('copy-script')); });
  $('rotate-webhook').addEventListener('click', function () {
    if (!state.integration || !confirm('Старая ссылка перестанет работать. Выпустить новую?')) return;
    api('POST', '/accounts/' + state.accountId + '/integrations/' + state.integration.id + '/rotate-webhook-key').then(function (i) { renderIntegration(i); });
  });
  $('integration').addEventListener('change', function (event) {
    loadIntegrations(event.target.value).catch(function (e) { showPageError(e.message); });
  });
  $('new-integration').addEventListener('click', function () { $('integration').value = ''; renderIntegration(null); });
  $('transcript-close').addEventListener('click', function () { $('transcript').close(); });
  $('account').addEventListener('change', function (event) { loadAccount(event.target.value).catch(function (e) { showPageError(e.message); }); });

  api('GET', '/accounts')
    .then(function (data) {
      if (!data.accounts.length) { showPageError('Нет ни одного аккаунта. Создайте демо-аккаунт: pnpm db:seed'); return; }
      fillSelect($('account'), data.accounts, function (a) { return a.name; }, '— аккаунт —');
      var wanted = new URLSearchParams(location.search).get('account');
      var first = data.accounts.find(function (a) { return a.id === wanted; }) || data.accounts[0];
      $('account').value = first.id;
      return loadAccount(first.id);
    })
    .then(function () { document.body.setAttribute('data-ready', 'true'); })
    .catch(function (error) { showPageError('Не удалось загрузить данные: ' + error.message); });

  state.pollTimer = setInterval(refreshLive, POLL_MS);
})();
