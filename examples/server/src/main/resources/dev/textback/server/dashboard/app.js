'use strict';
// The dashboard talks to the admin API with the bearer token given in the URL fragment (#token=...),
// which browsers never send to the server in the request line or Referer.
(function () {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token') || sessionStorage.getItem('textback-token') || '';
  if (token) sessionStorage.setItem('textback-token', token);
  const $ = (id) => document.getElementById(id);
  const state = { business: null, zones: {} };

  async function api(path, options) {
    const res = await fetch('..' + path, Object.assign({ headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' } }, options || {}));
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      throw new Error(body.error || ('HTTP ' + res.status));
    }
    return res.json();
  }

  function notice(text) {
    $('notice').textContent = text;
    $('notice').hidden = !text;
  }

  function seconds(s) {
    if (s < 60) return Math.round(s) + ' s';
    if (s < 3600) return Math.round(s / 60) + ' min';
    return (s / 3600).toFixed(1) + ' h';
  }

  async function loadFunnel() {
    const f = await api('/api/stats?business=' + encodeURIComponent(state.business));
    $('calls').textContent = f.calls;
    $('missed').textContent = f.missed;
    $('texted').textContent = f.texted;
    $('replied').textContent = f.replied;
    $('recoveryRate').textContent = Math.round(f.recoveryRate * 100) + '%';
    $('timeToText').textContent = f.sent > 0 ? seconds(f.timeToTextSeconds.p50) : '–';
    $('lostLeads').textContent = f.lostLeads;
    $('revenue').textContent = '$' + Number(f.revenueRecovered).toLocaleString('en-US', { maximumFractionDigits: 0 });
    $('period').textContent = '(' + f.from.slice(0, 10) + ' – ' + f.to.slice(0, 10) + ')';
  }

  async function loadChart() {
    const days = await api('/api/stats/daily?days=30&business=' + encodeURIComponent(state.business));
    const max = Math.max(1, ...days.map(d => d.missed));
    const w = 1000, h = 160, slot = w / days.length, bar = slot / 4;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + (h + 4));
    svg.setAttribute('preserveAspectRatio', 'none');
    days.forEach((d, i) => {
      [['missed', d.missed], ['texted', d.texted], ['replied', d.replied]].forEach(([cls, v], k) => {
        const r = document.createElementNS(ns, 'rect');
        const bh = (v / max) * h;
        r.setAttribute('x', i * slot + bar * (k + 0.5));
        r.setAttribute('y', h - bh);
        r.setAttribute('width', bar * 0.9);
        r.setAttribute('height', bh);
        r.setAttribute('class', cls);
        const t = document.createElementNS(ns, 'title');
        t.textContent = d.date + ': ' + v + ' ' + cls;
        r.appendChild(t);
        svg.appendChild(r);
      });
    });
    $('chart').replaceChildren(svg);
  }

  function conversationItem(c) {
    const li = document.createElement('li');
    li.dataset.id = c.id;
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = c.caller + ' — last message ' + new Date(c.lastActivityAt).toLocaleString('en-US',
      { timeZone: state.zones[c.business] || undefined, weekday: 'short', hour: 'numeric', minute: '2-digit' });
    li.appendChild(who);
    c.messages.slice(-4).forEach(m => {
      const p = document.createElement('p');
      p.className = 'msg ' + m.direction;
      p.textContent = m.body;
      li.appendChild(p);
    });
    const form = document.createElement('form');
    form.className = 'reply';
    const input = document.createElement('input');
    input.placeholder = 'Reply from ' + c.businessNumber;
    input.setAttribute('aria-label', 'Reply to ' + c.caller);
    const send = document.createElement('button');
    send.textContent = 'Send';
    const done = document.createElement('button');
    done.type = 'button';
    done.className = 'secondary';
    done.textContent = 'Mark handled';
    form.append(input, send, done);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      send.disabled = true;
      try {
        await api('/api/conversations/' + c.id + '/reply', { method: 'POST', body: JSON.stringify({ text: input.value, author: 'dashboard' }) });
        input.value = '';
        await refresh(true);
      } catch (err) { notice(err.message); send.disabled = false; }
    });
    done.addEventListener('click', async () => {
      try {
        await api('/api/conversations/' + c.id + '/handled', { method: 'POST', body: JSON.stringify({ by: 'dashboard' }) });
        await refresh(true);
      } catch (err) { notice(err.message); }
    });
    li.appendChild(form);
    return li;
  }

  async function loadConversations() {
    const list = await api('/api/conversations?needsReply=true&business=' + encodeURIComponent(state.business));
    $('conversations').replaceChildren(...list.map(conversationItem));
    $('no-conversations').hidden = list.length > 0;
  }

  function typing() {
    // Re-rendering the list would wipe a reply being written.
    return Array.from(document.querySelectorAll('.reply input')).some(i => i === document.activeElement || i.value);
  }

  async function refresh(force) {
    if (!force && typing()) {
      await Promise.all([loadFunnel(), loadChart()]).catch(err => notice(err.message));
      return;
    }
    try {
      await Promise.all([loadFunnel(), loadChart(), loadConversations()]);
      document.body.dataset.loaded = String(Date.now());
    } catch (err) {
      notice(err.message === 'missing or wrong bearer token'
        ? 'Open the dashboard with the link the server printed at start (it carries the admin token).'
        : err.message);
    }
  }

  async function init() {
    try {
      const businesses = await api('/api/businesses');
      businesses.forEach(b => {
        const o = document.createElement('option');
        o.value = b.id;
        o.textContent = b.name;
        state.zones[b.id] = b.zone;
        $('business').appendChild(o);
      });
      state.business = businesses.length ? businesses[0].id : null;
      const features = await api('/api/features');
      $('simulate').hidden = !features.simulate;
    } catch (err) {
      notice(err.message === 'missing or wrong bearer token'
        ? 'Open the dashboard with the link the server printed at start (it carries the admin token).'
        : err.message);
      return;
    }
    $('business').addEventListener('change', () => { state.business = $('business').value; refresh(true); });
    $('simulate').addEventListener('click', async () => {
      $('simulate').disabled = true;
      try {
        await api('/api/simulate/missed-call?business=' + encodeURIComponent(state.business), { method: 'POST' });
        await refresh();
      } catch (err) { notice(err.message); }
      $('simulate').disabled = false;
    });
    await refresh(true);
    setInterval(() => refresh(false), 5000);
  }

  init();
})();
