// The «Отчёт» page: chats per day for a period, split by what the user picks, as a stacked bar chart
// (plain SVG built with DOM calls: nothing to download, nothing the CSP would refuse) and a table with
// totals. The CSV link asks the API for the very same report. Values go in through textContent only.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#ff7a00', '#1a56c4', '#2e9d5b', '#b3261e', '#7b4fc9', '#c49a00', '#0f8a9d', '#d14f9a', '#5c6b7a', '#8f5a2c'];
  var DEFAULT_ZONE = 'Europe/Moscow';
  var DAY_MS = 24 * 60 * 60 * 1000;
  var $ = function (id) { return document.getElementById(id); };
  var state = { accountId: null };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function api(path) {
    return fetch('/api' + path, { credentials: 'same-origin' })
      .catch(function () { throw new Error('нет связи с консолью — проверьте сеть и что сервер запущен'); })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) return data;
          var fields = (data.errors || []).map(function (e) { return e.message; });
          var error = new Error(fields.length ? fields.join('; ') : response.status === 404 ? 'не найдено' : 'ошибка сервера (' + response.status + ')');
          throw error;
        });
      });
  }

  /** YYYY-MM-DD of "now" in a zone (the report's days are that zone's days). */
  function todayIn(zone) {
    var parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    return parts.slice(0, 10);
  }
  function addDays(isoDay, n) { return new Date(Date.parse(isoDay + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10); }
  function russianDate(isoDay) { var p = isoDay.split('-'); return p[2] + '.' + p[1] + '.' + p[0]; }
  function shortDate(isoDay) { var p = isoDay.split('-'); return p[2] + '.' + p[1]; }
  function number(n) { return n.toLocaleString('ru-RU'); }

  function query() {
    var params = new URLSearchParams({ from: $('from').value, to: $('to').value, dimension: $('dimension').value, timeZone: $('timeZone').value });
    if ($('integration').value) params.set('integrationId', $('integration').value);
    return params.toString();
  }

  function load() {
    $('report-error').textContent = '';
    var base = '/accounts/' + state.accountId + '/reports/chats-per-day';
    $('csv').href = '/api' + base + '.csv?' + query();
    history.replaceState(null, '', '?' + new URLSearchParams({ account: state.accountId }).toString() + '&' + query());
    return api(base + '?' + query())
      .then(function (report) {
        renderChart(report);
        renderTable(report);
        $('report-summary').textContent = 'Всего чатов: ' + number(report.totals.total) + ' · ' + russianDate(report.from) + ' — ' + russianDate(report.to) + ' · дни по часовому поясу ' + report.timeZone;
        document.body.setAttribute('data-report', 'ready');
      })
      .catch(function (error) { $('report-error').textContent = 'Не удалось построить отчёт: ' + error.message; });
  }

  // Four whole-number steps (chats are counted, never fractional): 1, 2, 5, 10, 20, 50... per step.
  function tickStep(max) {
    var raw = Math.max(1, max / 4);
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10].map(function (m) { return m * power; });
    for (var i = 0; i < steps.length; i++) if (raw <= steps[i]) return Math.max(1, steps[i]);
    return steps[steps.length - 1];
  }

  // Stacked bars, one per day; a <title> on each segment is its tooltip (day, bucket, count).
  function renderChart(report) {
    var box = $('chart');
    box.replaceChildren();
    $('legend').replaceChildren();
    $('chart-empty').hidden = report.totals.total > 0;
    if (report.totals.total === 0) return;
    var days = report.days;
    // Drawn at the box's own pixel width, so text keeps its size whatever the screen.
    var width = Math.max(280, box.clientWidth || 600);
    var height = 260, left = 40, right = 8, top = 10, bottom = 28;
    var plotW = width - left - right, plotH = height - top - bottom;
    var step = tickStep(Math.max.apply(null, report.totals.perDay));
    var max = step * 4;
    var slot = plotW / days.length;
    var barW = Math.max(2, Math.min(40, slot * 0.7));
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', 'aria-label': 'Чаты по дням' });
    for (var t = 0; t <= 4; t++) {
      var value = step * t;
      var y = top + plotH - (value / max) * plotH;
      chart.appendChild(svg('line', { x1: left, x2: width - right, y1: y, y2: y, class: 'grid' }));
      chart.appendChild(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, value));
    }
    var labelEvery = Math.ceil(days.length / Math.max(1, Math.floor(plotW / 44)));
    days.forEach(function (day, i) {
      var x = left + slot * i + (slot - barW) / 2;
      var base = top + plotH;
      var group = svg('g', { 'data-day': day });
      report.series.forEach(function (series, s) {
        var count = series.perDay[i];
        if (!count) return;
        var h = (count / max) * plotH;
        base -= h;
        var rect = svg('rect', { x: x, y: base, width: barW, height: h, fill: PALETTE[s % PALETTE.length], 'data-series': series.key, 'data-count': count });
        rect.appendChild(svg('title', {}, russianDate(day) + ' · ' + series.label + ': ' + count));
        group.appendChild(rect);
      });
      chart.appendChild(group);
      if (i % labelEvery === 0) chart.appendChild(svg('text', { x: left + slot * i + slot / 2, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, shortDate(day)));
    });
    box.appendChild(chart);
    report.series.forEach(function (series, s) {
      var item = el('li');
      item.appendChild(el('span', { class: 'swatch c' + (s % PALETTE.length) }));
      item.appendChild(document.createTextNode(series.label + ' — ' + number(series.total)));
      $('legend').appendChild(item);
    });
  }

  // Rows are days, columns the buckets; the same layout as the CSV.
  function renderTable(report) {
    var table = $('report-table');
    var head = el('tr');
    head.appendChild(el('th', {}, 'День'));
    report.series.forEach(function (s) { head.appendChild(el('th', { class: 'number' }, s.label)); });
    head.appendChild(el('th', { class: 'number' }, 'Итого'));
    table.tHead.replaceChildren(head);
    var body = table.tBodies[0];
    body.replaceChildren();
    report.days.forEach(function (day, i) {
      var row = el('tr');
      row.appendChild(el('td', {}, russianDate(day)));
      report.series.forEach(function (s) { row.appendChild(el('td', { class: 'number' }, s.perDay[i])); });
      row.appendChild(el('td', { class: 'number total' }, report.totals.perDay[i]));
      body.appendChild(row);
    });
    var foot = el('tr');
    foot.appendChild(el('th', {}, 'Итого'));
    report.series.forEach(function (s) { foot.appendChild(el('td', { class: 'number' }, s.total)); });
    foot.appendChild(el('td', { class: 'number' }, report.totals.total));
    table.tFoot.replaceChildren(foot);
  }

  function fillZones(wanted) {
    var zones = [[DEFAULT_ZONE, 'Москва (Europe/Moscow)']];
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (mine && mine !== DEFAULT_ZONE) zones.push([mine, 'Ваш пояс (' + mine + ')']);
    zones.push(['UTC', 'UTC']);
    if (wanted && !zones.some(function (z) { return z[0] === wanted; })) zones.push([wanted, wanted]);
    $('timeZone').replaceChildren.apply($('timeZone'), zones.map(function (z) { return el('option', { value: z[0] }, z[1]); }));
    $('timeZone').value = wanted || DEFAULT_ZONE;
  }

  function loadAccount(accountId, params) {
    state.accountId = accountId;
    return api('/accounts/' + accountId + '/integrations').then(function (data) {
      var select = $('integration');
      select.replaceChildren(el('option', { value: '' }, 'Все интеграции'));
      data.integrations.forEach(function (i) { select.appendChild(el('option', { value: i.id }, i.name)); });
      select.value = (params && params.get('integrationId')) || '';
      return load();
    });
  }

  var params = new URLSearchParams(location.search);
  fillZones(params.get('timeZone'));
  var today = todayIn($('timeZone').value);
  $('to').value = params.get('to') || today;
  $('from').value = params.get('from') || addDays(today, -29);
  if (params.get('dimension')) $('dimension').value = params.get('dimension');

  $('report-form').addEventListener('submit', function (event) { event.preventDefault(); load(); });
  ['dimension', 'integration', 'timeZone'].forEach(function (id) { $(id).addEventListener('change', load); });
  $('account').addEventListener('change', function (event) { loadAccount(event.target.value).catch(function (e) { $('page-error').textContent = e.message; $('page-error').hidden = false; }); });

  api('/accounts')
    .then(function (data) {
      if (!data.accounts.length) throw new Error('нет ни одного аккаунта (создайте демо-аккаунт: pnpm db:seed)');
      data.accounts.forEach(function (a) { $('account').appendChild(el('option', { value: a.id }, a.name)); });
      var first = data.accounts.find(function (a) { return a.id === params.get('account'); }) || data.accounts[0];
      $('account').value = first.id;
      return loadAccount(first.id, params);
    })
    .then(function () { document.body.setAttribute('data-ready', 'true'); })
    .catch(function (error) { $('page-error').textContent = 'Не удалось загрузить данные: ' + error.message; $('page-error').hidden = false; });
})();
