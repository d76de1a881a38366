'use strict';
// The dashboard talks to the admin API with the bearer token given in the URL fragment (#token=...),
// which browsers never send to the server in the request line or Referer.
//
// Everything a caller or a carrier wrote (names, texts, error notes) reaches the page through textContent or
// attribute values, never as markup: this file builds every element with createElement.
(function () {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token') || sessionStorage.getItem('textback-token') || '';
  if (token) sessionStorage.setItem('textback-token', token);
  const $ = (id) => document.getElementById(id);
  const state = { business: null, zones: {}, range: null, today: null, allCallBacks: false };
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const TOKEN_HELP = 'Open the dashboard with the link the server printed at start (it carries the admin token).';

  async function api(path, options) {
    const res = await fetch('..' + path, Object.assign({ headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' } }, options || {}));
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.error || ('HTTP ' + res.status));
    }
    return res.json();
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function notice(text) {
    $('notice').textContent = text;
    $('notice').hidden = !text;
  }

  function message(err) {
    return err.message === 'missing or wrong bearer token' ? TOKEN_HELP : err.message;
  }

  /** Shows a section's loading, empty or error line (or hides it when the section has content). */
  function sectionState(id, kind, text) {
    const p = $(id);
    p.dataset.state = kind;
    p.textContent = text || '';
    p.hidden = !text;
  }

  /** A section that fails keeps what it showed last and says why; the others carry on. */
  async function load(stateId, loader) {
    try {
      await loader();
      return true;
    } catch (err) {
      sectionState(stateId, 'error', 'Could not load this: ' + message(err) + '. Trying again in a few seconds.');
      return false;
    }
  }

  function zone() {
    return state.zones[state.business] || undefined;
  }

  function time(iso, withDay) {
    const options = { timeZone: zone(), hour: 'numeric', minute: '2-digit' };
    if (withDay) Object.assign(options, { weekday: 'short', month: 'short', day: 'numeric' });
    return new Date(iso).toLocaleString('en-US', options);
  }

  /** The day an instant falls on in the business's time zone, as "Jul 14" (the API's instants are in UTC). */
  function day(iso) {
    return new Date(iso).toLocaleDateString('en-US', { timeZone: zone(), month: 'short', day: 'numeric' });
  }

  function shortDate(ymd) {
    const [, m, d] = ymd.split('-').map(Number);
    return MONTHS[m - 1] + ' ' + d;
  }

  function addDays(ymd, days) {
    const [y, m, d] = ymd.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  }

  function seconds(s) {
    if (s < 60) return Math.round(s) + ' s';
    if (s < 3600) return Math.round(s / 60) + ' min';
    return (s / 3600).toFixed(1) + ' h';
  }

  function money(v) {
    return '$' + Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 });
  }

  function who(name, number) {
    if (!number) return 'Withheld number';
    return name ? name + ' (' + number + ')' : number;
  }

  // -- funnel -------------------------------------------------------------------------------------------------

  async function loadFunnel() {
    const f = await api('/api/stats?business=' + encodeURIComponent(state.business));
    $('calls').textContent = f.calls;
    $('missed').textContent = f.missed;
    $('texted').textContent = f.texted;
    $('replied').textContent = f.replied;
    $('recoveryRate').textContent = f.texted > 0 ? Math.round(f.recoveryRate * 100) + '%' : 'no texts yet';
    $('timeToText').textContent = f.sent > 0 ? seconds(f.timeToTextSeconds.p50) : 'no texts yet';
    $('lostLeads').textContent = f.lostLeads;
    $('revenue').textContent = money(f.revenueRecovered);
    $('revenue-formula').textContent = f.replied + (f.replied === 1 ? ' reply' : ' replies') + ' × '
      + money(f.averageJobValue) + ' average job value';
    $('period').textContent = '(' + day(f.from) + ' – ' + day(f.to) + ')';
    $('cards').hidden = false;
    sectionState('funnel-state', 'loaded', f.calls === 0 ? 'No calls in the last 30 days yet.' : '');
  }

  // -- chart --------------------------------------------------------------------------------------------------

  /** A round step (1, 2 or 5 × 10^k) that splits 0..max into about four parts. */
  function niceStep(max) {
    const raw = Math.max(1, max / 4);
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    const m = raw / pow;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
  }

  let lastDays = null;

  function drawChart(days) {
    lastDays = days;
    const box = $('chart');
    const ns = 'http://www.w3.org/2000/svg';
    const w = Math.max(280, box.clientWidth - 16), h = 200;
    const left = 34, bottom = 22, top = 8, plotW = w - left - 4, plotH = h - top - bottom;
    const most = Math.max(0, ...days.map(d => Math.max(d.missed, d.texted, d.replied)));
    const step = niceStep(most);
    const max = Math.max(step, Math.ceil(most / step) * step);
    const y = (v) => top + plotH - (v / max) * plotH;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('width', w);
    svg.setAttribute('height', h);
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(ns, tag);
      Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, v));
      if (text !== undefined) n.textContent = text;
      svg.appendChild(n);
      return n;
    };
    for (let v = 0; v <= max; v += step) {
      add('line', { x1: left, x2: w - 4, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' });
      add('text', { x: left - 6, y: y(v) + 4, class: 'tick y' }, String(v));
    }
    const slot = plotW / days.length, bar = slot / 3.4;
    const labelEvery = Math.max(1, Math.ceil(days.length / Math.floor(plotW / 48)));
    days.forEach((d, i) => {
      [['missed', d.missed], ['texted', d.texted], ['replied', d.replied]].forEach(([cls, v], k) => {
        const r = add('rect', { x: left + i * slot + bar * (k + 0.2), y: y(v), width: bar * 0.9, height: y(0) - y(v), class: cls });
        const t = document.createElementNS(ns, 'title');
        t.textContent = shortDate(d.date) + ': ' + v + ' ' + cls;
        r.appendChild(t);
      });
      if ((days.length - 1 - i) % labelEvery === 0) {
        add('text', { x: left + i * slot + slot / 2, y: h - 6, class: 'tick x' }, shortDate(d.date));
      }
    });
    box.replaceChildren(svg);
  }

  async function loadChart() {
    const days = await api('/api/stats/daily?days=30&business=' + encodeURIComponent(state.business));
    drawChart(days);
    const any = days.some(d => d.missed > 0);
    sectionState('chart-state', 'loaded', any ? '' : 'No missed calls in the last 30 days.');
  }

  // -- call these back ----------------------------------------------------------------------------------------

  function callBackItem(c) {
    const li = el('li');
    li.dataset.caller = c.caller;
    const text = el('div', 'what');
    text.appendChild(el('div', 'who', who(c.callerName, c.caller)));
    text.appendChild(el('div', 'muted', 'Called ' + time(c.calledAt, true) + ' · ' + c.summary));
    li.appendChild(text);
    const actions = el('div', 'actions');
    const call = el('a', 'button', 'Call');
    call.href = 'tel:' + c.caller;
    call.setAttribute('aria-label', 'Call ' + (c.callerName || c.caller));
    const done = el('button', 'secondary', 'Mark called');
    done.type = 'button';
    done.addEventListener('click', async () => {
      done.disabled = true;
      try {
        await api('/api/callbacks/called?business=' + encodeURIComponent(state.business),
          { method: 'POST', body: JSON.stringify({ caller: c.caller, by: 'dashboard' }) });
        await refresh(true);
      } catch (err) { notice(message(err)); done.disabled = false; }
    });
    actions.append(call, done);
    li.appendChild(actions);
    return li;
  }

  const CALLBACKS_SHOWN = 10;

  async function loadCallBacks() {
    const list = await api('/api/callbacks?business=' + encodeURIComponent(state.business));
    const shown = state.allCallBacks ? list : list.slice(0, CALLBACKS_SHOWN);
    $('callbacks').replaceChildren(...shown.map(callBackItem));
    const more = $('callbacks-more');
    more.hidden = list.length <= CALLBACKS_SHOWN;
    more.textContent = state.allCallBacks ? 'Show the newest ' + CALLBACKS_SHOWN : 'Show all ' + list.length;
    sectionState('callbacks-state', list.length ? 'loaded' : 'empty',
      list.length ? '' : 'Nobody to call back: every texted caller in the last 30 days replied or was called.');
  }

  // -- conversations ------------------------------------------------------------------------------------------

  function conversationItem(c) {
    const li = el('li');
    li.dataset.id = c.id;
    li.appendChild(el('div', 'who', who(c.callerName, c.caller) + ' — last message ' + time(c.lastActivityAt, true)));
    c.messages.slice(-4).forEach(m => li.appendChild(el('p', 'msg ' + m.direction, m.body)));
    const form = el('form', 'reply');
    const input = el('input');
    input.placeholder = 'Reply from ' + c.businessNumber;
    input.setAttribute('aria-label', 'Reply to ' + c.caller);
    const send = el('button', null, 'Send');
    const done = el('button', 'secondary', 'Mark handled');
    done.type = 'button';
    form.append(input, send, done);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      send.disabled = true;
      try {
        await api('/api/conversations/' + c.id + '/reply', { method: 'POST', body: JSON.stringify({ text: input.value, author: 'dashboard' }) });
        input.value = '';
        await refresh(true);
      } catch (err) { notice(message(err)); send.disabled = false; }
    });
    done.addEventListener('click', async () => {
      try {
        await api('/api/conversations/' + c.id + '/handled', { method: 'POST', body: JSON.stringify({ by: 'dashboard' }) });
        await refresh(true);
      } catch (err) { notice(message(err)); }
    });
    li.appendChild(form);
    return li;
  }

  async function loadConversations() {
    const list = await api('/api/conversations?needsReply=true&business=' + encodeURIComponent(state.business));
    $('conversations').replaceChildren(...list.map(conversationItem));
    sectionState('conversations-state', list.length ? 'loaded' : 'empty', list.length ? '' : 'Nobody is waiting. Nice.');
  }

  // -- call list ----------------------------------------------------------------------------------------------

  function cell(row, label, text, className) {
    const td = el('td', className, text);
    td.dataset.label = label;
    row.appendChild(td);
    return td;
  }

  function callRow(c) {
    const tr = el('tr', 'status-' + c.status);
    tr.dataset.callId = c.callId;
    tr.dataset.status = c.status;
    cell(tr, 'Time', time(c.at, state.range && state.range.from !== state.range.to));
    const caller = cell(tr, 'Caller', c.callerName || (c.caller ? '' : 'Withheld number'), 'caller');
    if (c.caller) {
      if (c.callerName) caller.appendChild(el('br'));
      const link = el('a', null, c.caller);
      link.href = 'tel:' + c.caller;
      caller.appendChild(link);
    }
    cell(tr, 'Number called', c.dialled);
    const outcome = cell(tr, 'Outcome', null, 'outcome');
    outcome.appendChild(el('span', 'badge ' + c.status, c.status.replace('_', ' ')));
    outcome.appendChild(el('span', 'summary', ' ' + c.summary));
    let conversation = '—';
    if (c.conversationId) {
      conversation = c.repliedAt ? 'Replied ' + time(c.repliedAt, false) : 'No reply yet';
      if (c.calledBackAt) conversation += ' · called back ' + time(c.calledBackAt, false);
    } else if (c.calledBackAt) {
      conversation = 'Called back ' + time(c.calledBackAt, false);
    }
    const conv = cell(tr, 'Conversation', conversation);
    if (c.conversationId) conv.title = 'Conversation ' + c.conversationId;
    return tr;
  }

  function rangeQuery() {
    if (!state.range) return '';
    return '&from=' + encodeURIComponent(state.range.from) + '&to=' + encodeURIComponent(state.range.to);
  }

  async function loadCalls() {
    const r = await api('/api/calls?business=' + encodeURIComponent(state.business) + rangeQuery());
    if (!state.range) state.today = r.from;
    // Not while the owner is picking dates.
    if (document.activeElement !== $('range-from') && document.activeElement !== $('range-to')) {
      $('range-from').value = r.from;
      $('range-to').value = r.to;
    }
    $('calls-period').textContent = r.from === r.to ? '(' + shortDate(r.from) + ')'
      : '(' + shortDate(r.from) + ' – ' + shortDate(r.to) + ')';
    $('call-rows').replaceChildren(...r.calls.map(callRow));
    $('call-list').hidden = r.calls.length === 0;
    let text = '';
    if (r.calls.length === 0) text = r.from === r.to ? 'No calls on ' + shortDate(r.from) + '.' : 'No calls in this period.';
    else if (r.truncated) text = 'Showing the newest ' + r.calls.length + ' calls; pick a shorter period to see the rest.';
    sectionState('calls-state', r.calls.length ? 'loaded' : 'empty', text);
  }

  async function showRange(range) {
    state.range = range;
    sectionState('calls-state', 'loading', 'Loading…');
    await load('calls-state', loadCalls);
  }

  function typing() {
    // Re-rendering the list would wipe a reply being written.
    return Array.from(document.querySelectorAll('.reply input')).some(i => i === document.activeElement || i.value);
  }

  async function refresh(force) {
    const loaders = [load('funnel-state', loadFunnel), load('chart-state', loadChart),
      load('callbacks-state', loadCallBacks), load('calls-state', loadCalls)];
    if (force || !typing()) loaders.push(load('conversations-state', loadConversations));
    const results = await Promise.all(loaders);
    if (results.every(Boolean)) {
      notice('');
      document.body.dataset.loaded = String(Date.now());
    }
  }

  async function init() {
    try {
      const businesses = await api('/api/businesses');
      businesses.forEach(b => {
        const o = el('option', null, b.name);
        o.value = b.id;
        state.zones[b.id] = b.zone;
        $('business').appendChild(o);
      });
      state.business = businesses.length ? businesses[0].id : null;
      const features = await api('/api/features');
      $('simulate').hidden = !features.simulate;
    } catch (err) {
      notice(message(err));
      ['funnel-state', 'callbacks-state', 'conversations-state', 'calls-state', 'chart-state']
        .forEach(id => sectionState(id, 'error', 'Not loaded.'));
      return;
    }
    $('business').addEventListener('change', () => {
      state.business = $('business').value;
      state.range = null;
      refresh(true);
    });
    $('simulate').addEventListener('click', async () => {
      $('simulate').disabled = true;
      try {
        await api('/api/simulate/missed-call?business=' + encodeURIComponent(state.business), { method: 'POST' });
        await refresh();
      } catch (err) { notice(message(err)); }
      $('simulate').disabled = false;
    });
    $('callbacks-more').addEventListener('click', () => {
      state.allCallBacks = !state.allCallBacks;
      load('callbacks-state', loadCallBacks);
    });
    $('range-today').addEventListener('click', () => showRange(null));
    $('range-yesterday').addEventListener('click', () => {
      if (!state.today) return;
      const y = addDays(state.today, -1);
      showRange({ from: y, to: y });
    });
    $('range-week').addEventListener('click', () => {
      if (state.today) showRange({ from: addDays(state.today, -6), to: state.today });
    });
    $('range').addEventListener('submit', (e) => {
      e.preventDefault();
      showRange({ from: $('range-from').value, to: $('range-to').value });
    });
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (lastDays) drawChart(lastDays); }, 150);
    });
    await refresh(true);
    setInterval(() => refresh(false), 5000);
  }

  init();
})();
