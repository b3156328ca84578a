// Operations console for Trading Grid Bridge.
//
// Everything a partner wrote (titles, reasons, messages, headers) is untrusted: it only ever reaches the page
// through textContent (el() below), never through innerHTML, and only http/https URLs become links.
// The page is served with Content-Security-Policy default-src 'self', so nothing here may rely on inline
// scripts, inline styles or eval.
'use strict';

const PRODUCT = 'Trading Grid Bridge';
const OVERVIEW_REFRESH_MS = 5000;
const DIFF_DEBOUNCE_MS = 300;
const AGO_TICK_MS = 10000;
// Unchanged lines kept around each change; longer unchanged runs fold behind a button, so a one-line edit
// of a 300-line rules file is not lost in a screenful of context.
const DIFF_CONTEXT = 3;

const DLQ_STATUSES = ['new', 'waiting', 'replayed', 'resolved', 'discarded', 'superseded', 'any'];
const DLQ_TARGETS = ['servicenow', 'workflow', 'community'];
const RULES_FILES = ['classification-rules.yaml', 'routing-table.yaml', 'status-maps.yaml'];

const byId = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------------------
// DOM building

/**
 * Builds an element. attrs: attribute values (true = present, false/null/undefined = absent); "class" may be an
 * array (falsy entries dropped); "on<event>" functions become listeners; value/checked/disabled/indeterminate
 * are set as properties, after the children, so a <select>'s value can name one of its options.
 * Children: nodes, strings (always as text), arrays, null/false (skipped).
 */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  append(node, children);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        node.addEventListener(key.slice(2), value);
      } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'indeterminate') {
        node[key] = value;
      } else if (value === false) {
        continue;
      } else if (key === 'class') {
        const names = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
        if (names) node.className = names;
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    // Every string becomes a text node here, the one place text enters the page, so it is also where
    // unsafe characters are made visible.
    node.append(child instanceof Node ? child : safeText(child));
  }
  return node;
}

/** Replaces a node's children; unlike replaceChildren, a null child means "nothing", not the text "null". */
function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// Bidi embeddings, overrides and isolates could make a partner's "gpj.exe" read as "exe.jpg", and control
// characters hide text; like the CLI, the console shows them as a visible placeholder. The editor is exempt:
// a replay must send exactly what the operator means to send.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function safeText(value) {
  return String(value).replace(UNSAFE_CHARS, '\uFFFD');
}

/** Partner text, isolated so that right-to-left text in it cannot reorder the text around it. */
function partner(value) {
  return isBlank(value) ? none() : el('bdi', null, safeText(value));
}

function none() {
  return el('span', { class: 'none', 'aria-label': 'none' }, '\u2014');
}

function isBlank(value) {
  return value === null || value === undefined || value === '';
}

function plain(value) {
  return isBlank(value) ? none() : safeText(value);
}

function code(value) {
  return isBlank(value) ? none() : el('code', null, safeText(value));
}

/** A link to an address someone else supplied: only http(s) becomes a link, anything else stays text. */
function externalLink(url, label) {
  let parsed = null;
  try {
    parsed = new URL(String(url), location.href);
  } catch (e) {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return partner(label);
  return el('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer', class: 'external' },
    partner(label), el('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));
}

function threadLink(threadId) {
  if (isBlank(threadId)) return none();
  return el('a', { href: '#/threads/' + encodeURIComponent(threadId), class: 'thread-link' }, partner(threadId));
}

function deadLetterLink(id) {
  if (isBlank(id)) return none();
  return el('a', { href: '#/dead-letters/' + encodeURIComponent(id), class: 'dlq-link' }, String(id));
}

function badge(text, tone) {
  return el('span', { class: ['badge', 'badge-' + (tone || 'neutral')] }, String(text));
}

const CIRCUIT_TONES = { CLOSED: 'ok', HALF_OPEN: 'warn', OPEN: 'bad' };
const DLQ_TONES = { new: 'bad', waiting: 'warn', replayed: 'ok', resolved: 'ok', discarded: 'neutral', superseded: 'info' };

function circuitBadge(state) {
  if (isBlank(state)) return none();
  const node = badge(state, CIRCUIT_TONES[String(state).toUpperCase()] || 'neutral');
  node.dataset.circuit = String(state);
  return node;
}

function statusBadge(status) {
  if (isBlank(status)) return none();
  return badge(status, DLQ_TONES[String(status).toLowerCase()] || 'neutral');
}

function outcomeTone(outcome) {
  const text = String(outcome || '').toUpperCase();
  if (/FAIL|ERROR|REFUS|REJECT|INVALID|DENIED/.test(text)) return 'bad';
  if (/WOULD|DRY/.test(text)) return 'info';
  if (/WAIT|SKIP/.test(text)) return 'warn';
  if (/REPLAYED|APPLIED|DISCARDED|RESOLVED|RESTORED|DONE|OK/.test(text)) return 'ok';
  return 'neutral';
}

/**
 * A data table inside a wrapper that scrolls sideways, so a wide table never widens the page on a tablet.
 * columns: [{label, cell(row) -> node|string, className}]; options: {empty, rowAttrs(row), label}.
 */
function table(id, columns, rows, options = {}) {
  const head = el('thead', null, el('tr', null, columns.map((column) =>
    el('th', { scope: 'col', class: column.className }, column.label))));
  const body = el('tbody', null, rows.map((row) =>
    el('tr', options.rowAttrs ? options.rowAttrs(row) : null, columns.map((column) => {
      const value = column.cell(row);
      return el('td', { class: column.className }, isBlank(value) ? none() : value);
    }))));
  const wrap = el('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': options.label || null },
    el('table', { id, class: 'data' }, head, body));
  if (rows.length === 0 && options.empty) wrap.append(el('p', { class: 'empty' }, options.empty));
  return wrap;
}

/** Replaces a table wrapper with a new one, keeping where the operator had scrolled it to. */
function swapTable(slot, wrap) {
  const old = slot.querySelector('.table-wrap');
  const left = old ? old.scrollLeft : 0;
  fill(slot, wrap);
  wrap.scrollLeft = left;
}

function section(title, ...children) {
  return el('section', { class: 'panel' }, el('h2', null, title), ...children);
}

// ---------------------------------------------------------------------------------------------------------
// Time

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function parseTime(iso) {
  if (isBlank(iso)) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function formatTime(iso) {
  const date = parseTime(iso);
  return date ? dateTimeFormat.format(date) : '';
}

/** "45 s", "4 min", "2 h 5 min", "3 d 4 h". */
function humanDuration(totalSeconds) {
  if (totalSeconds === null || totalSeconds === undefined || Number.isNaN(Number(totalSeconds))) return '';
  const s = Math.max(0, Math.round(Number(totalSeconds)));
  if (s < 60) return s + ' s';
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return minutes + ' min';
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
  const days = Math.floor(hours / 24);
  return days + ' d' + (hours % 24 ? ' ' + (hours % 24) + ' h' : '');
}

function timeAgo(iso) {
  const date = parseTime(iso);
  if (!date) return '';
  const seconds = (Date.now() - date.getTime()) / 1000;
  // A few seconds of clock difference between bridge and browser should not read as "in the future".
  if (seconds < -5) return 'in ' + humanDuration(-seconds);
  if (seconds < 1) return 'just now';
  return humanDuration(seconds) + ' ago';
}

/** Local time with the exact instant as a tooltip, and a relative age that the ticker keeps current. */
function when(iso) {
  const date = parseTime(iso);
  if (!date) return isBlank(iso) ? none() : String(iso);
  return el('span', { class: 'when' },
    el('time', { datetime: date.toISOString(), title: String(iso) }, formatTime(iso)),
    ' ', el('span', { class: 'ago', 'data-at': String(iso) }, timeAgo(iso)));
}

setInterval(() => {
  for (const node of document.querySelectorAll('.ago[data-at]')) node.textContent = timeAgo(node.dataset.at);
}, AGO_TICK_MS);

// ---------------------------------------------------------------------------------------------------------
// Diffs (dead-letter editor and rules history)

/**
 * A stored message as the editor shows it: JSON one field a line (it is stored as one long line), anything else as
 * stored. The bridge compares JSON field by field, so the layout is never a change.
 */
function shownMessage(message, fallback) {
  if (message === null || message === undefined) return fallback;
  if (typeof message !== 'string') return JSON.stringify(message, null, 2);
  const trimmed = message.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch (e) {
      return message;
    }
  }
  return message;
}

function diffOp(line) {
  return line && (line.op === '-' || line.op === '+') ? line.op : ' ';
}

function diffLine(line) {
  const op = diffOp(line);
  const kind = op === '-' ? 'del' : op === '+' ? 'add' : 'ctx';
  // The +/- marker comes from CSS (data-op) so the text of a line is exactly the line.
  return el('span', { class: ['line', kind], 'data-op': op }, safeText(line && line.text !== undefined ? line.text : ''));
}

/** The lines of a diff, one element per line, with long unchanged runs folded behind a "show" button. */
function renderDiff(lines) {
  const body = el('span', { class: 'diff-lines' });
  let i = 0;
  while (i < lines.length) {
    if (diffOp(lines[i]) !== ' ') {
      body.append(diffLine(lines[i]));
      i += 1;
      continue;
    }
    let j = i;
    while (j < lines.length && diffOp(lines[j]) === ' ') j += 1;
    const run = lines.slice(i, j);
    const keepHead = i === 0 ? 0 : DIFF_CONTEXT;
    const keepTail = j === lines.length ? 0 : DIFF_CONTEXT;
    if (run.length > keepHead + keepTail + 2) {
      const folded = run.slice(keepHead, run.length - keepTail);
      const hidden = el('span', { class: 'folded', hidden: true }, folded.map(diffLine));
      const toggle = el('button', {
        type: 'button', class: 'diff-fold',
        onclick: () => { hidden.hidden = false; toggle.remove(); },
      }, 'Show ' + folded.length + ' unchanged line' + (folded.length === 1 ? '' : 's'));
      body.append(...run.slice(0, keepHead).map(diffLine), toggle, hidden,
        ...run.slice(run.length - keepTail).map(diffLine));
    } else {
      body.append(...run.map(diffLine));
    }
    i = j;
  }
  return body;
}

function diffCounts(lines) {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (diffOp(line) === '+') added += 1;
    if (diffOp(line) === '-') removed += 1;
  }
  return { added, removed };
}

function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : many || one + 's');
}

// ---------------------------------------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(message, status, method, path, signingIn = false) {
    super(message);
    this.status = status;
    this.method = method;
    this.path = path;
    this.signingIn = signingIn;
  }
}

let leavingForSignIn = false;

function goToSignIn() {
  if (leavingForSignIn) return;
  leavingForSignIn = true;
  location.assign('sign-in.html');
}

/**
 * One call to the admin API. options: method, json (sent as application/json), body (sent as text/plain),
 * quiet (do not show a failure in #error, the caller shows it). Resolves to the parsed JSON (null when empty).
 */
async function api(path, options = {}) {
  const method = options.method || (options.json !== undefined || options.body !== undefined ? 'POST' : 'GET');
  // The header is the CSRF defence: a cross-site form cannot set it, and the server refuses cookie calls without it.
  const headers = { 'X-TGB-Console': '1', Accept: 'application/json' };
  const init = { method, credentials: 'same-origin', cache: 'no-store', headers };
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  } else if (options.body !== undefined && options.body !== null) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    init.body = options.body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    const error = new ApiError('The bridge did not answer (' + e.message + ').', 0, method, path);
    if (!options.quiet) showError(error);
    throw error;
  }
  if (response.status === 401) {
    goToSignIn();
    throw new ApiError('Not signed in.', 401, method, path, true);
  }
  const text = await response.text();
  let data = null;
  let parsed = true;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      parsed = false;
    }
  }
  if (!response.ok || !parsed) {
    const message = data && typeof data.error === 'string' && data.error
      ? data.error
      : !response.ok ? (response.statusText || 'The request failed.') : 'The answer was not JSON.';
    const error = new ApiError(message, response.status, method, path);
    if (!options.quiet) showError(error);
    throw error;
  }
  return data;
}

function showError(error) {
  const box = byId('error');
  if (!box || error.signingIn) return;
  const where = [error.status ? 'HTTP ' + error.status : null, error.method && error.path ? error.method + ' ' + error.path : null]
    .filter(Boolean).join(', ');
  fill(box, 
    el('p', { class: 'error-message' }, el('strong', null, 'Error: '), partner(error.message)),
    where ? el('p', { class: 'error-where' }, where) : null,
    el('button', { type: 'button', class: 'button-quiet error-dismiss', onclick: clearError }, 'Dismiss'));
  box.hidden = false;
}

function clearError() {
  const box = byId('error');
  if (!box) return;
  box.hidden = true;
  box.replaceChildren();
}

/** Query string for the API; %20 rather than "+" for spaces, which every server decodes the same way. */
function query(params) {
  return Object.entries(params)
    .map(([key, value]) => encodeURIComponent(key) + '=' + encodeURIComponent(value === null || value === undefined ? '' : value))
    .join('&');
}

// ---------------------------------------------------------------------------------------------------------
// Router

const view = () => byId('view');
let routeSerial = 0;
let currentView = null;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const mark = raw.indexOf('?');
  const path = mark < 0 ? raw : raw.slice(0, mark);
  const params = new URLSearchParams(mark < 0 ? '' : raw.slice(mark + 1));
  const parts = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch (e) {
      return part;
    }
  });
  return { parts, params };
}

function hashFor(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (!isBlank(value)) search.set(key, value);
  const text = search.toString();
  return '#/' + path + (text ? '?' + text : '');
}

/** Goes to a hash; when it is the one shown already (the same search again), draws the view again. */
function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    // hashchange comes a task later; until then the old view must not look loaded.
    setLoaded(false);
    location.hash = hash;
  }
}

function setTitle(name) {
  document.title = name + ' - ' + PRODUCT;
}

function setLoaded(loaded) {
  view().dataset.loaded = loaded ? 'true' : 'false';
}

function setCurrentNav(section) {
  for (const name of ['overview', 'threads', 'dead-letters', 'rules']) {
    const link = byId('nav-' + name);
    if (!link) continue;
    if (name === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function route() {
  if (currentView) currentView.stop();
  const serial = ++routeSerial;
  const cleanups = [];
  const ctx = {
    alive: () => serial === routeSerial,
    onStop: (fn) => cleanups.push(fn),
    stop: () => cleanups.splice(0).forEach((fn) => fn()),
    /** Re-reads part of a view in place: tests and people both see data-loaded go false, then true. */
    reload: async (fn) => {
      setLoaded(false);
      try {
        await fn();
      } finally {
        if (ctx.alive()) setLoaded(true);
      }
    },
  };
  currentView = ctx;

  const { parts, params } = parseHash();
  const section = parts[0] || 'overview';
  const root = view();
  // Redrawing the same view (a new search) should leave focus where the operator was typing.
  const focusId = root.contains(document.activeElement) && document.activeElement.id ? document.activeElement.id : null;
  const sameSection = root.dataset.section === section && parts.length === Number(root.dataset.depth || 0);
  setLoaded(false);
  clearError();
  root.replaceChildren();
  root.dataset.section = section;
  root.dataset.depth = String(parts.length);
  setCurrentNav(section);

  let draw;
  if (section === 'overview' && parts.length === 1 || parts.length === 0) draw = () => overviewView(ctx);
  else if (section === 'threads' && parts.length === 1) draw = () => threadsView(ctx, params);
  else if (section === 'threads' && parts.length === 2) draw = () => threadView(ctx, parts[1]);
  else if (section === 'dead-letters' && parts.length === 1) draw = () => deadLettersView(ctx, params);
  else if (section === 'dead-letters' && parts.length === 2) draw = () => deadLetterView(ctx, parts[1]);
  else if (section === 'rules' && parts.length === 1) draw = () => rulesView(ctx);
  else draw = () => notFoundView();

  let pending;
  try {
    pending = Promise.resolve(draw());
  } catch (e) {
    pending = Promise.reject(e);
  }
  if (sameSection && focusId && byId(focusId)) byId(focusId).focus();
  else if (!sameSection) window.scrollTo(0, 0);

  pending.then(() => {
    if (ctx.alive()) setLoaded(true);
  }, (error) => {
    if (!ctx.alive() || error.signingIn) return;
    if (!(error instanceof ApiError)) {
      showError(new ApiError(error.message || String(error), 0));
      console.error(error);
    }
    // The view is as drawn as it will get; the reason is in #error.
    setLoaded(true);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Overview

async function overviewView(ctx) {
  setTitle('Overview');
  const updated = el('p', { class: 'muted', id: 'overview-updated' }, 'Loading\u2026');
  const flowsSlot = el('div');
  const communitiesSlot = el('div');
  const summarySlot = el('div', { class: 'stat-slot' });
  const budgetsSlot = el('div');
  view().append(
    el('div', { class: 'view-head' }, el('h1', null, 'Overview'), updated),
    section('Flows', el('p', { class: 'muted section-note' }, 'Counts for the last 24 hours.'), flowsSlot),
    el('div', { class: 'columns' },
      section('Dead letters', summarySlot),
      section('Retry budgets left', budgetsSlot)),
    section('Communities', communitiesSlot));

  const draw = (data) => {
    fill(updated, 'Updated ', when(data.generatedAt), ' \u00b7 refreshes every 5 s');
    const flows = Array.isArray(data.flows) ? data.flows : [];
    swapTable(flowsSlot, table('flows', [
      { label: 'Flow', cell: (f) => code(f.flow) },
      { label: 'System', cell: (f) => plain(f.system) },
      { label: 'Taken in', cell: (f) => plain(f.takenIn), className: 'num' },
      { label: 'Created', cell: (f) => plain(f.created), className: 'num' },
      { label: 'Published', cell: (f) => plain(f.published), className: 'num' },
      { label: 'Failed', cell: (f) => (Number(f.failed) > 0 ? el('strong', { class: 'text-bad' }, String(f.failed)) : plain(f.failed)), className: 'num' },
      { label: 'Waiting', cell: (f) => (Number(f.waiting) > 0 ? el('strong', { class: 'text-warn' }, String(f.waiting)) : plain(f.waiting)), className: 'num' },
      { label: 'Oldest waiting', cell: (f) => (f.oldestWaitingSeconds === null || f.oldestWaitingSeconds === undefined ? none() : humanDuration(f.oldestWaitingSeconds)), className: 'num' },
      { label: 'Circuit', cell: (f) => circuitBadge(f.circuit) },
    ], flows, { empty: 'No flow has run yet.', label: 'Flows' }));

    const communities = Array.isArray(data.communities) ? data.communities : [];
    swapTable(communitiesSlot, table('communities', [
      { label: 'Community', cell: (c) => code(c.communityId) },
      { label: 'Last poll', cell: (c) => when(c.lastPollAt) },
      { label: 'Watermark', cell: (c) => when(c.watermark) },
    ], communities, { empty: 'No community has been polled yet.', label: 'Communities' }));

    const counts = data.deadLetters || {};
    const states = ['new', 'waiting', 'replayed', 'resolved', 'discarded', 'superseded']
      .concat(Object.keys(counts).filter((key) => !DLQ_STATUSES.includes(key)));
    fill(summarySlot, el('ul', { id: 'dead-letter-summary', class: 'stat-list' }, states.map((state) => {
      const count = Number(counts[state] || 0);
      const href = state === 'new' ? '#/dead-letters' : hashFor('dead-letters', { status: state });
      const tone = count > 0 && state === 'new' ? 'bad' : count > 0 && state === 'waiting' ? 'warn' : null;
      return el('li', { class: ['stat', tone && 'stat-' + tone], 'data-state': state },
        el('a', { href, class: 'stat-count', 'aria-label': count + ' ' + state }, String(count)),
        el('span', { class: 'stat-label' }, state));
    })));

    const budgets = Object.entries(data.retryBudgets || {});
    swapTable(budgetsSlot, table('retry-budgets', [
      { label: 'Flow and system', cell: (b) => code(b[0]) },
      { label: 'Left', cell: (b) => plain(b[1]), className: 'num' },
    ], budgets, { empty: 'No retry budget in use.', label: 'Retry budgets' }));
  };

  draw(await api('/admin/overview'));

  // Chained timeouts rather than setInterval, so a slow bridge never has two refreshes in flight.
  let timer = null;
  const schedule = () => {
    timer = setTimeout(async () => {
      if (!ctx.alive()) return;
      // A console left open in a background tab should not keep polling the bridge.
      if (!document.hidden) {
        try {
          const data = await api('/admin/overview');
          if (!ctx.alive()) return;
          draw(data);
          clearError();
        } catch (e) {
          if (e.signingIn) return;
        }
      }
      if (ctx.alive()) schedule();
    }, OVERVIEW_REFRESH_MS);
  };
  schedule();
  ctx.onStop(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------
// Threads

async function threadsView(ctx, params) {
  setTitle('Threads');
  const q = (params.get('q') || '').trim();
  const input = el('input', {
    id: 'thread-query', name: 'q', type: 'search', value: q, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'Thread id, partner, record number, PO, invoice or claim', 'aria-label': 'Search threads',
  });
  const form = el('form', {
    id: 'thread-search', role: 'search', class: 'search-form',
    onsubmit: (event) => {
      event.preventDefault();
      // The query lives in the hash so a search can be linked and survives a reload.
      navigate(hashFor('threads', { q: input.value.trim() }));
    },
  }, input, el('button', { id: 'thread-search-button', type: 'submit', class: 'button-primary' }, 'Search'));
  const heading = el('h2', null, q ? 'Searching\u2026' : 'Most recent threads');
  const results = el('div');
  view().append(el('div', { class: 'view-head' }, el('h1', null, 'Threads')), form,
    el('section', { class: 'panel' }, heading, results));

  const data = await api('/admin/threads?' + query({ q, limit: 50 }));
  if (!ctx.alive()) return;
  const threads = Array.isArray(data.threads) ? data.threads : [];
  const count = typeof data.count === 'number' ? data.count : threads.length;
  heading.textContent = q ? plural(count, 'thread') + ' matching \u201c' + q + '\u201d' : 'Most recent threads';
  results.append(table('thread-results', [
    { label: 'Thread', cell: (t) => threadLink(t.threadId) },
    { label: 'Partner', cell: (t) => partner(t.partner), className: 'text' },
    { label: 'Title', cell: (t) => partner(t.title), className: 'wide' },
    { label: 'Exception type', cell: (t) => code(t.exceptionType) },
    { label: 'System', cell: (t) => plain(t.system) },
    { label: 'Team', cell: (t) => partner(t.team), className: 'text' },
    { label: 'Record', cell: (t) => (isBlank(t.recordNumber) ? none() : [partner(t.recordNumber), isBlank(t.recordStatus) ? null : el('span', { class: 'sub' }, partner(t.recordStatus))]) },
    { label: 'Last event', cell: (t) => [isBlank(t.lastEvent) ? null : el('span', { class: 'kind' }, String(t.lastEvent)), ' ', when(t.lastEventAt)] },
  ], threads, { empty: q ? 'No thread matches that search.' : 'No thread has been taken in yet.', label: 'Threads' }));
}

function isEmptyDetail(detail) {
  if (detail === null || detail === undefined || detail === '') return true;
  if (Array.isArray(detail)) return detail.length === 0;
  if (typeof detail === 'object') return Object.keys(detail).length === 0;
  return false;
}

async function threadView(ctx, threadId) {
  setTitle('Thread ' + threadId);
  view().append(el('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, el('a', { href: '#/threads' }, 'Threads'), ' / ', partner(threadId)));
  const data = await api('/admin/threads/' + encodeURIComponent(threadId) + '/timeline');
  if (!ctx.alive()) return;

  const records = Array.isArray(data.records) ? data.records : [];
  const events = (Array.isArray(data.events) ? data.events : [])
    .map((event, index) => ({ event, index, at: parseTime(event.at) }))
    // Oldest first; events without a time keep their place relative to each other.
    .sort((a, b) => (a.at && b.at ? a.at - b.at : 0) || a.index - b.index)
    .map((item) => item.event);
  const deadLetters = Array.isArray(data.deadLetters) ? data.deadLetters : [];

  view().append(
    el('header', { class: 'view-head thread-head' },
      el('h1', null, partner(data.title || data.threadId || threadId)),
      el('dl', { class: 'facts' },
        el('div', null, el('dt', null, 'Partner'), el('dd', null, partner(data.partner))),
        el('div', null, el('dt', null, 'Community'), el('dd', null, code(data.communityId))),
        el('div', null, el('dt', null, 'Thread'), el('dd', null, code(data.threadId || threadId))))),
    section('Records', table('thread-records', [
      { label: 'System', cell: (r) => plain(r.system) },
      { label: 'Type', cell: (r) => code(r.type) },
      { label: 'Number', cell: (r) => (isBlank(r.url) ? partner(r.number) : externalLink(r.url, r.number || r.url)) },
      { label: 'Status', cell: (r) => partner(r.status), className: 'text' },
    ], records, { empty: 'No record in a target system yet.', label: 'Records' })),
    section('Timeline', events.length
      ? el('ol', { id: 'timeline', class: 'timeline' }, events.map(timelineEvent))
      : [el('ol', { id: 'timeline', class: 'timeline' }), el('p', { class: 'empty' }, 'No event recorded for this thread.')]),
    section('Dead letters', table('thread-dead-letters', [
      { label: 'Id', cell: (d) => deadLetterLink(d.id) },
      { label: 'Status', cell: (d) => statusBadge(d.status) },
      { label: 'Route', cell: (d) => code(d.route) },
      { label: 'Target', cell: (d) => plain(d.target) },
      { label: 'Attempts', cell: (d) => plain(d.attempts), className: 'num' },
      { label: 'Last failed', cell: (d) => when(d.lastFailedAt) },
      { label: 'Reason', cell: (d) => partner(d.reason), className: 'wide' },
    ], deadLetters, { empty: 'No dead letter for this thread.', label: 'Dead letters of this thread' })));
}

function timelineEvent(event) {
  const kind = isBlank(event.kind) ? 'event' : String(event.kind);
  return el('li', { class: 'event', 'data-kind': kind },
    el('div', { class: 'event-head' },
      el('span', { class: 'kind', 'data-family': kind.split('.')[0] }, kind),
      when(event.at),
      isBlank(event.actor) ? null : el('span', { class: 'actor' }, 'by ', partner(event.actor))),
    el('p', { class: 'summary' }, partner(event.summary)),
    isEmptyDetail(event.detail) ? null : el('details', { class: 'event-detail' },
      el('summary', null, 'Detail'),
      el('pre', { class: 'json' }, safeText(JSON.stringify(event.detail, null, 2)))));
}

// ---------------------------------------------------------------------------------------------------------
// Dead letters

function labelled(id, label, control, hint) {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, hint ? el('p', { class: 'hint' }, hint) : null);
}

async function deadLettersView(ctx, params) {
  setTitle('Dead letters');
  const filters = {
    status: DLQ_STATUSES.includes(params.get('status')) ? params.get('status') : 'new',
    route: params.get('route') || '',
    target: DLQ_TARGETS.includes(params.get('target')) ? params.get('target') : '',
    error: params.get('error') || '',
    since: params.get('since') || '',
    thread: params.get('thread') || '',
  };

  const status = el('select', { id: 'dlq-status', name: 'status', value: filters.status },
    DLQ_STATUSES.map((s) => el('option', { value: s }, s)));
  // "any" target is the empty filter: the API treats a missing target as every target.
  const target = el('select', { id: 'dlq-target', name: 'target', value: filters.target },
    el('option', { value: '' }, 'any'), DLQ_TARGETS.map((t) => el('option', { value: t }, t)));
  const text = (id, name, value, extra) => el('input', Object.assign({ id, name, type: 'text', value, autocomplete: 'off', spellcheck: 'false' }, extra));
  const route = text('dlq-route', 'route', filters.route, { placeholder: 'thread-intake' });
  const error = text('dlq-error', 'error', filters.error, { placeholder: '503' });
  const since = text('dlq-since', 'since', filters.since, { placeholder: 'PT24H', list: 'dlq-since-options' });
  const thread = text('dlq-thread', 'thread', filters.thread, { placeholder: 'THR-000123' });

  const form = el('form', {
    id: 'dlq-filters', class: 'filters',
    onsubmit: (event) => {
      event.preventDefault();
      navigate(hashFor('dead-letters', {
        status: status.value === 'new' ? '' : status.value,
        route: route.value.trim(), target: target.value, error: error.value.trim(),
        since: since.value.trim(), thread: thread.value.trim(),
      }));
    },
  },
  labelled('dlq-status', 'Status', status),
  labelled('dlq-route', 'Route', route),
  labelled('dlq-target', 'Target', target),
  labelled('dlq-error', 'Error contains', error),
  labelled('dlq-since', 'Since', since),
  labelled('dlq-thread', 'Thread', thread),
  el('datalist', { id: 'dlq-since-options' }, ['PT1H', 'PT24H', 'P7D', 'P30D'].map((v) => el('option', { value: v }))),
  el('div', { class: 'field field-action' }, el('button', { id: 'dlq-apply', type: 'submit', class: 'button-primary' }, 'Apply')));

  const selected = new Set();
  const selectedText = el('span', { class: 'muted', id: 'dlq-selected-count' }, 'None selected');
  const dryRunButton = el('button', { id: 'dlq-dry-run', type: 'button', disabled: true, onclick: () => runBulk(true) }, 'Dry run replay of selected');
  const replayButton = el('button', { id: 'dlq-replay-selected', type: 'button', class: 'button-primary', disabled: true, onclick: () => runBulk(false) }, 'Replay selected');
  const progressSlot = el('div', { class: 'progress-slot', 'aria-live': 'polite' });
  const bulkResult = el('div', { id: 'dlq-bulk-result', class: 'bulk-result' });
  const countLine = el('p', { class: 'muted', id: 'dlq-count' });
  const listSlot = el('div');
  let running = false;
  let rows = [];

  view().append(
    el('div', { class: 'view-head' }, el('h1', null, 'Dead letters')),
    el('section', { class: 'panel' }, form),
    el('section', { class: 'panel' },
      el('div', { class: 'bulk-bar' }, selectedText, dryRunButton, replayButton),
      progressSlot, bulkResult, countLine, listSlot));

  const refreshSelection = () => {
    const boxes = listSlot.querySelectorAll('input.dlq-select');
    for (const box of boxes) box.checked = selected.has(box.value);
    const all = byId('dlq-select-all');
    if (all) {
      all.checked = boxes.length > 0 && selected.size === boxes.length;
      all.indeterminate = selected.size > 0 && selected.size < boxes.length;
    }
    selectedText.textContent = selected.size ? plural(selected.size, 'selected', 'selected') : 'None selected';
    dryRunButton.disabled = running || selected.size === 0;
    replayButton.disabled = running || selected.size === 0;
  };

  const drawList = (data) => {
    rows = Array.isArray(data.deadLetters) ? data.deadLetters : [];
    const count = typeof data.count === 'number' ? data.count : rows.length;
    countLine.textContent = plural(count, 'dead letter') + (count > rows.length ? ' (showing the first ' + rows.length + ')' : '');
    selected.clear();
    const selectAll = el('input', {
      type: 'checkbox', id: 'dlq-select-all', 'aria-label': 'Select all shown', disabled: rows.length === 0,
      onchange: (event) => {
        for (const row of rows) if (event.target.checked) selected.add(String(row.id)); else selected.delete(String(row.id));
        refreshSelection();
      },
    });
    swapTable(listSlot, table('dlq-table', [
      {
        label: selectAll, className: 'select',
        cell: (d) => el('input', {
          type: 'checkbox', class: 'dlq-select', value: String(d.id), 'aria-label': 'Select dead letter ' + d.id,
          onchange: (event) => {
            if (event.target.checked) selected.add(String(d.id)); else selected.delete(String(d.id));
            refreshSelection();
          },
        }),
      },
      { label: 'Id', cell: (d) => deadLetterLink(d.id), className: 'num' },
      { label: 'Status', cell: (d) => statusBadge(d.status) },
      { label: 'Route', cell: (d) => code(d.route) },
      { label: 'Target', cell: (d) => plain(d.target) },
      { label: 'Thread', cell: (d) => threadLink(d.thread) },
      { label: 'Attempts', cell: (d) => plain(d.attempts), className: 'num' },
      { label: 'Last failed', cell: (d) => when(d.lastFailedAt) },
      { label: 'Reason', cell: (d) => partner(d.reason), className: 'wide' },
    ], rows, { empty: 'No dead letter matches these filters.', rowAttrs: (d) => ({ 'data-id': String(d.id) }), label: 'Dead letters' }));
    refreshSelection();
  };

  const loadList = async () => {
    const data = await api('/admin/dead-letters?' + query(Object.assign({}, filters, { limit: 200 })));
    if (ctx.alive()) drawList(data);
  };

  async function runBulk(dryRun) {
    if (running || selected.size === 0) return;
    // Replay in the order shown, which is the order the operator reviewed them in.
    const ids = rows.map((row) => String(row.id)).filter((id) => selected.has(id));
    running = true;
    refreshSelection();
    const verb = dryRun ? 'checked (dry run)' : 'replayed';
    const progress = el('progress', { id: 'dlq-progress', max: String(ids.length), value: '0' });
    const progressText = el('span', { id: 'dlq-progress-text' }, '0 of ' + ids.length + ' ' + verb);
    fill(progressSlot, progress, ' ', progressText);
    const results = [];
    const drawResults = () => {
      const failed = results.filter((r) => outcomeTone(r.outcome) === 'bad').length;
      fill(bulkResult, 
        el('h3', null, dryRun ? 'Dry run: what a replay would do' : 'Replay results',
          failed ? el('span', { class: 'text-bad' }, ' \u00b7 ' + failed + ' not replayed') : null),
        table('dlq-bulk-table', [
          { label: 'Id', cell: (r) => deadLetterLink(r.id), className: 'num' },
          { label: 'Outcome', cell: (r) => badge(r.outcome || 'unknown', outcomeTone(r.outcome)) },
          { label: 'Detail', cell: (r) => partner(r.detail), className: 'wide' },
        ], results, { label: 'Bulk results' }));
    };
    try {
      for (const [index, id] of ids.entries()) {
        // Leaving the view stops a bulk replay after the entry in flight, rather than replaying out of sight.
        if (!ctx.alive()) return;
        try {
          const answer = await api('/admin/dead-letters/' + encodeURIComponent(id) + '/replay' + (dryRun ? '?dryRun=true' : ''),
            { method: 'POST', quiet: true });
          results.push({ id: answer && answer.id !== undefined ? answer.id : id, outcome: answer && answer.outcome, detail: answer && answer.detail });
        } catch (e) {
          if (e.signingIn) return;
          results.push({ id, outcome: e.status ? 'ERROR ' + e.status : 'ERROR', detail: e.message });
        }
        progress.setAttribute('value', String(index + 1));
        progressText.textContent = (index + 1) + ' of ' + ids.length + ' ' + verb;
        drawResults();
      }
      // Replayed entries leave the "new" list, so what is shown must be read again.
      if (!dryRun && ctx.alive()) await ctx.reload(loadList);
    } finally {
      running = false;
      if (ctx.alive()) refreshSelection();
    }
  }

  await loadList();
}

function detailRow(label, value, wide) {
  return el('div', { class: wide ? 'wide' : null }, el('dt', null, label), el('dd', null, isBlank(value) ? none() : value));
}

async function deadLetterView(ctx, id) {
  setTitle('Dead letter ' + id);
  const path = '/admin/dead-letters/' + encodeURIComponent(id);
  let entry = await api(path);
  if (!ctx.alive()) return;

  const statusSlot = el('span', { class: 'head-badge' });
  const detailSlot = el('div');
  const headersSlot = el('div');
  let original = shownMessage(entry.message, '');

  const drawEntry = () => {
    fill(statusSlot, statusBadge(entry.status));
    fill(detailSlot, el('dl', { id: 'dlq-detail', class: 'details-grid' },
      detailRow('Id', String(entry.id)),
      detailRow('Status', statusBadge(entry.status)),
      detailRow('Route', code(entry.route)),
      detailRow('Target', plain(entry.target)),
      detailRow('Thread', threadLink(entry.thread)),
      detailRow('Attempts', plain(entry.attempts)),
      detailRow('First failed', when(entry.firstFailedAt)),
      detailRow('Last failed', when(entry.lastFailedAt)),
      detailRow('Reason', isBlank(entry.reason) ? null : el('span', { class: 'reason' }, partner(entry.reason)), true),
      detailRow('Endpoint', code(entry.endpoint), true),
      detailRow('Exception', code(entry.exceptionClass)),
      detailRow('Message key', code(entry.messageKey)),
      detailRow('Replays into', code(entry.replayUri), true),
      detailRow('Changed by', partner(entry.changedBy)),
      detailRow('Changed at', isBlank(entry.changedAt) ? null : when(entry.changedAt)),
      detailRow('Change reason', partner(entry.changeReason), true)));
    const headers = Object.entries(entry.headers || {}).sort((a, b) => a[0].localeCompare(b[0]));
    swapTable(headersSlot, table('dlq-headers', [
      { label: 'Header', cell: (h) => code(h[0]) },
      { label: 'Value', cell: (h) => partner(typeof h[1] === 'string' ? h[1] : JSON.stringify(h[1])), className: 'wide mono' },
    ], headers, { empty: 'No headers stored.', label: 'Headers' }));
  };

  const textarea = el('textarea', {
    id: 'dlq-message', class: 'code-editor', spellcheck: 'false', autocomplete: 'off', rows: '16',
    'aria-describedby': 'dlq-edit-state', value: original,
  });
  const editState = el('p', { id: 'dlq-edit-state', class: 'muted' });
  const diffSummary = el('p', { id: 'dlq-diff-summary', class: 'muted' }, 'No changes to the original message.');
  const diffPre = el('pre', { id: 'dlq-diff', class: 'diff', tabindex: '0', 'aria-label': 'Changes to the original message' });
  const outcome = el('div', { id: 'dlq-outcome', class: 'outcome', 'aria-live': 'polite' });
  const replayButton = el('button', { id: 'dlq-replay', type: 'button', class: 'button-primary', onclick: () => replay(false) }, 'Replay');
  const dryRunButton = el('button', { id: 'dlq-replay-dry-run', type: 'button', onclick: () => replay(true) }, 'Dry run');
  const resetButton = el('button', {
    id: 'dlq-reset', type: 'button', class: 'button-quiet',
    onclick: () => { textarea.value = original; onEdit(); },
  }, 'Back to the original');
  const reason = el('input', { id: 'dlq-discard-reason', name: 'reason', type: 'text', required: true, maxlength: '500', placeholder: 'e.g. duplicate of INC0010007', autocomplete: 'off' });
  const discardButton = el('button', { id: 'dlq-discard', type: 'submit', class: 'button-danger' }, 'Discard');
  const discardForm = el('form', { id: 'dlq-discard-form', class: 'inline-form', onsubmit: (event) => { event.preventDefault(); discard(); } },
    labelled('dlq-discard-reason', 'Reason for discarding', reason), el('div', { class: 'field field-action' }, discardButton));

  view().append(
    el('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, el('a', { href: '#/dead-letters' }, 'Dead letters'), ' / ', String(id)),
    el('div', { class: 'view-head' }, el('h1', null, 'Dead letter ' + id, ' ', statusSlot)),
    section('Entry', detailSlot),
    section('Headers', headersSlot),
    section('Message',
      el('p', { class: 'muted section-note' }, 'Edit the message to replay a corrected version; the original stays stored.'),
      el('label', { for: 'dlq-message', class: 'visually-hidden' }, 'Message'),
      textarea,
      el('div', { class: 'editor-bar' }, editState, resetButton),
      el('h3', null, 'Changes'),
      diffSummary,
      diffPre),
    section('Replay or discard',
      el('div', { class: 'button-row' }, replayButton, dryRunButton),
      outcome,
      discardForm));

  const edited = () => textarea.value !== original;
  const updateEditState = () => {
    editState.textContent = edited() ? 'Edited: Replay sends this text instead of the original.' : 'Unchanged: Replay sends the original message.';
    resetButton.disabled = !edited();
  };

  let diffTimer = null;
  let diffSerial = 0;
  const refreshDiff = async () => {
    const serial = ++diffSerial;
    try {
      const answer = await api(path + '/diff', { method: 'POST', body: textarea.value });
      // Answers can overtake one another; only the one for the latest text is drawn.
      if (serial !== diffSerial || !ctx.alive()) return;
      const lines = Array.isArray(answer.lines) ? answer.lines : [];
      const { added, removed } = diffCounts(lines);
      diffSummary.textContent = answer.changed
        ? plural(removed, 'line') + ' removed, ' + plural(added, 'line') + ' added.'
        : 'No changes to the original message.';
      fill(diffPre, answer.changed || added || removed ? renderDiff(lines) : null);
    } catch (e) {
      // Shown in #error by api().
    }
  };
  const onEdit = () => {
    updateEditState();
    clearTimeout(diffTimer);
    if (!edited()) {
      // Nothing to ask the bridge: the text is the original again.
      diffSerial += 1;
      diffSummary.textContent = 'No changes to the original message.';
      diffPre.replaceChildren();
      return;
    }
    diffTimer = setTimeout(refreshDiff, DIFF_DEBOUNCE_MS);
  };
  textarea.addEventListener('input', onEdit);
  ctx.onStop(() => clearTimeout(diffTimer));

  const showAnswer = (answer) => {
    const result = answer || {};
    const label = result.outcome || result.status || 'done';
    fill(outcome, el('p', null, badge(label, outcomeTone(label)), ' ', partner(result.detail || result.reason || '')));
  };
  const showFailure = (error) => {
    fill(outcome, el('p', null, badge(error.status ? 'ERROR ' + error.status : 'ERROR', 'bad'), ' ', partner(error.message)));
  };
  const setBusy = (busy) => {
    replayButton.disabled = busy;
    dryRunButton.disabled = busy;
    discardButton.disabled = busy;
    outcome.setAttribute('aria-busy', busy ? 'true' : 'false');
  };

  const reread = () => ctx.reload(async () => {
    const wasEdited = edited();
    entry = await api(path);
    if (!ctx.alive()) return;
    original = shownMessage(entry.message, original);
    // An edit the operator is still working on is kept; an untouched editor follows the stored message.
    if (!wasEdited) textarea.value = original;
    drawEntry();
    onEdit();
  });

  async function replay(dryRun) {
    setBusy(true);
    fill(outcome, el('p', { class: 'muted' }, dryRun ? 'Checking\u2026' : 'Replaying\u2026'));
    try {
      const answer = await api(path + '/replay' + (dryRun ? '?dryRun=true' : ''), edited()
        ? { method: 'POST', body: textarea.value }
        : { method: 'POST' });
      if (!ctx.alive()) return;
      showAnswer(answer);
      if (!dryRun) await reread();
    } catch (e) {
      if (e.signingIn || !ctx.alive()) return;
      showFailure(e);
    } finally {
      if (ctx.alive()) setBusy(false);
    }
  }

  async function discard() {
    const why = reason.value.trim();
    if (!why) {
      reason.focus();
      return;
    }
    setBusy(true);
    try {
      const answer = await api(path + '/discard', { method: 'POST', json: { reason: why } });
      if (!ctx.alive()) return;
      showAnswer(Object.assign({ outcome: 'DISCARDED' }, answer));
      reason.value = '';
      await reread();
    } catch (e) {
      if (e.signingIn || !ctx.alive()) return;
      showFailure(e);
    } finally {
      if (ctx.alive()) setBusy(false);
    }
  }

  drawEntry();
  updateEditState();
}

// ---------------------------------------------------------------------------------------------------------
// Rules

function shortHash(hash) {
  if (isBlank(hash)) return none();
  const text = String(hash);
  return el('code', { title: text, class: 'hash' }, text.length > 12 ? text.slice(0, 12) + '\u2026' : text);
}

async function rulesView(ctx) {
  setTitle('Rules');
  const appliedSlot = el('div', { id: 'rules-applied' });
  const filesSlot = el('div', { class: 'rules-files' });
  const historySlot = el('div');
  const historyTitle = el('h3', { id: 'rules-history-diff-title', hidden: true });
  const historyDiff = el('pre', { id: 'rules-history-diff', class: 'diff', tabindex: '0', hidden: true, 'aria-labelledby': 'rules-history-diff-title' });
  const revertOutcome = el('div', { class: 'outcome', 'aria-live': 'polite' });

  let applied = {};          // file name -> content applied now
  let edits = {};            // file name -> the operator's text, kept while switching between files
  let uploadId = null;       // what the last dry run stored; Apply applies exactly that
  let names = RULES_FILES.slice();

  const fileSelect = el('select', { id: 'rules-file-name', name: 'file' });
  const fileInput = el('input', { id: 'rules-file', type: 'file', accept: '.yaml,.yml,text/yaml,text/plain' });
  const editor = el('textarea', { id: 'rules-edit', class: 'code-editor', rows: '20', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'rules-edit-state' });
  const editState = el('p', { id: 'rules-edit-state', class: 'muted' });
  const dryRunButton = el('button', { id: 'rules-dry-run', type: 'submit', class: 'button-primary' }, 'Validate and dry-run');
  const applyButton = el('button', { id: 'rules-apply', type: 'button', disabled: true, onclick: () => applyUpload() }, 'Apply');
  const revertButton = el('button', { id: 'rules-revert', type: 'button', onclick: () => revert() }, 'Revert to the previous version');
  const findings = el('div', { id: 'rules-findings', class: 'findings', 'aria-live': 'polite' });
  const testSummary = el('p', { id: 'rules-test-summary', class: 'test-summary' });
  const testSlot = el('div');
  const outcome = el('div', { id: 'rules-outcome', class: 'outcome', 'aria-live': 'polite' });

  const editedNames = () => names.filter((name) => edits[name] !== undefined && edits[name] !== (applied[name] || ''));

  const drawSelect = () => {
    const keep = fileSelect.value || names[0];
    const changed = editedNames();
    fill(fileSelect, ...names.map((name) =>
      el('option', { value: name }, name + (changed.includes(name) ? ' (edited)' : ''))));
    fileSelect.value = names.includes(keep) ? keep : names[0];
  };
  const updateEditState = () => {
    const changed = editedNames();
    editState.textContent = changed.length
      ? 'Edited: ' + changed.join(', ') + '. The dry run tests every edited file together.'
      : 'No edits yet: the text is the applied version.';
    drawSelect();
  };
  // A dry run vouches only for the text it saw; any later edit has to be tested again before Apply.
  const invalidate = () => {
    if (uploadId === null) return;
    uploadId = null;
    applyButton.disabled = true;
    testSummary.append(el('span', { class: 'text-warn' }, ' Edited since this dry run: run it again before applying.'));
  };
  const showFile = () => {
    const name = fileSelect.value;
    editor.value = edits[name] !== undefined ? edits[name] : (applied[name] || '');
  };

  fileSelect.addEventListener('change', showFile);
  editor.addEventListener('input', () => {
    edits[fileSelect.value] = editor.value;
    updateEditState();
    invalidate();
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    // A file named like one of the rule files is an edit of that file, whatever is selected.
    if (names.includes(file.name)) fileSelect.value = file.name;
    const content = await file.text();
    edits[fileSelect.value] = content;
    editor.value = content;
    fileInput.value = '';
    updateEditState();
    invalidate();
  });

  const form = el('form', { id: 'rules-upload', class: 'rules-upload', onsubmit: (event) => { event.preventDefault(); dryRun(); } },
    el('div', { class: 'upload-controls' },
      labelled('rules-file-name', 'File', fileSelect),
      labelled('rules-file', 'Load from a file', fileInput, 'Or edit the applied text below.')),
    el('label', { for: 'rules-edit', class: 'visually-hidden' }, 'File content'),
    editor,
    editState,
    el('div', { class: 'button-row' }, dryRunButton, applyButton));

  view().append(
    el('div', { class: 'view-head' }, el('h1', null, 'Rules')),
    section('Applied version', appliedSlot, el('div', { class: 'button-row' }, revertButton), revertOutcome),
    section('Files', filesSlot),
    section('Edit, dry-run and apply', form,
      el('h3', null, 'Findings'), findings,
      el('h3', null, 'Threads that would go elsewhere'), testSummary, testSlot,
      outcome),
    section('History', historySlot, historyTitle, historyDiff));

  const draw = (data) => {
    const a = data.applied || {};
    fill(appliedSlot, el('dl', { class: 'facts' },
      el('div', null, el('dt', null, 'Version'), el('dd', null, plain(a.id))),
      el('div', null, el('dt', null, 'Hash'), el('dd', null, shortHash(a.hash))),
      el('div', null, el('dt', null, 'Applied'), el('dd', null, when(a.appliedAt))),
      el('div', null, el('dt', null, 'By'), el('dd', null, partner(a.appliedBy)))));

    const files = Array.isArray(data.files) ? data.files : [];
    applied = {};
    for (const file of files) applied[file.name] = typeof file.content === 'string' ? file.content : '';
    names = Array.from(new Set(RULES_FILES.filter((name) => name in applied).concat(files.map((f) => f.name), RULES_FILES)));
    fill(filesSlot, ...files.map((file) => {
      const content = applied[file.name];
      const lineCount = content ? content.split('\n').length : 0;
      return el('details', { class: 'rules-file', 'data-name': file.name },
        el('summary', null, el('code', null, String(file.name)), el('span', { class: 'muted' }, ' \u00b7 ' + plural(lineCount, 'line'))),
        el('pre', { class: 'file-content', tabindex: '0' }, safeText(content)));
    }));
    if (!files.length) filesSlot.append(el('p', { class: 'empty' }, 'No rule file applied.'));

    const history = (Array.isArray(data.history) ? data.history : []).slice()
      .sort((x, y) => (parseTime(y.appliedAt) - parseTime(x.appliedAt)) || (Number(y.id) - Number(x.id)));
    swapTable(historySlot, table('rules-history', [
      { label: 'Version', cell: (h) => [String(h.id), h.id === a.id ? [' ', badge('applied', 'ok')] : null], className: 'num' },
      { label: 'Kind', cell: (h) => plain(h.kind) },
      { label: 'Hash', cell: (h) => shortHash(h.hash) },
      { label: 'Applied', cell: (h) => when(h.appliedAt) },
      { label: 'By', cell: (h) => partner(h.appliedBy), className: 'text' },
      {
        label: el('span', { class: 'visually-hidden' }, 'Changes'),
        cell: (h) => el('button', {
          type: 'button', class: 'rules-diff-button button-small', 'data-id': String(h.id),
          'aria-label': 'Show what version ' + h.id + ' changed', onclick: (event) => showHistoryDiff(h, event.currentTarget),
        }, 'Diff'),
      },
    ], history, { empty: 'No version stored yet.', rowAttrs: (h) => ({ 'data-id': String(h.id) }), label: 'History' }));

    // What was applied is the new starting point of every edit.
    edits = {};
    uploadId = null;
    applyButton.disabled = true;
    drawSelect();
    showFile();
    updateEditState();
  };

  async function showHistoryDiff(entry, button) {
    for (const other of historySlot.querySelectorAll('.rules-diff-button')) other.removeAttribute('aria-pressed');
    button.setAttribute('aria-pressed', 'true');
    const answer = await api('/admin/rules/history/' + encodeURIComponent(entry.id) + '/diff');
    if (!ctx.alive()) return;
    const files = (Array.isArray(answer.files) ? answer.files : [])
      .filter((file) => (file.lines || []).some((line) => diffOp(line) !== ' '));
    historyTitle.textContent = answer.previousId === null || answer.previousId === undefined
      ? 'Version ' + answer.id + ' (no earlier version stored)'
      : 'Version ' + answer.id + ' against version ' + answer.previousId;
    fill(historyDiff, ...files.map((file) => {
      const { added, removed } = diffCounts(file.lines);
      return el('span', { class: 'diff-file' },
        el('span', { class: 'file' }, safeText(file.name) + '  (' + removed + ' removed, ' + added + ' added)'),
        renderDiff(file.lines));
    }));
    if (!files.length) historyDiff.append(el('span', { class: 'note' }, 'No file changed.'));
    historyTitle.hidden = false;
    historyDiff.hidden = false;
    // Vertical only: scrollIntoView would also scroll the history table sideways on a narrow screen.
    const box = historyDiff.getBoundingClientRect();
    if (box.top > window.innerHeight - 80) window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: 'smooth' });
  }

  function drawTest(answer) {
    const list = Array.isArray(answer.findings) ? answer.findings : [];
    fill(findings, list.length
      ? el('ul', { class: 'finding-list' }, list.map((f) => el('li', { class: ['finding', f.error ? 'finding-error' : 'finding-warning'] },
        badge(f.error ? 'error' : 'warning', f.error ? 'bad' : 'warn'), ' ',
        el('code', null, String(f.file || '') + (isBlank(f.line) ? '' : ':' + f.line)), ' ',
        partner(f.message))))
      : el('p', { class: 'no-findings' }, 'No findings'));

    const rows = (Array.isArray(answer.rows) ? answer.rows : []).filter((row) => row.changed === true);
    const changed = typeof answer.changed === 'number' ? answer.changed : rows.length;
    const threads = typeof answer.threads === 'number' ? answer.threads : rows.length;
    fill(testSummary, 
      answer.valid ? null : el('strong', { class: 'text-bad' }, 'Not valid: fix the errors before applying. '),
      changed + ' of ' + threads + ' threads would go elsewhere');
    swapTable(testSlot, table('rules-test-diff', [
      { label: 'Thread', cell: (r) => threadLink(r.thread) },
      { label: 'Category', cell: (r) => code(r.category) },
      { label: 'Now', cell: (r) => partner(r.now), className: 'wide' },
      { label: 'Edited', cell: (r) => partner(r.edited), className: 'wide' },
    ], rows, { empty: 'No thread would go elsewhere.', label: 'Threads that would go elsewhere' }));
    uploadId = answer.valid && !isBlank(answer.uploadId) ? answer.uploadId : null;
    applyButton.disabled = uploadId === null;
  }

  const buttons = [dryRunButton, applyButton, revertButton];
  const busy = async (fn) => {
    const wasDisabled = buttons.map((b) => b.disabled);
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await fn();
    } catch (e) {
      if (!e.signingIn && ctx.alive() && !(e instanceof ApiError)) throw e;
    } finally {
      if (ctx.alive()) {
        buttons.forEach((b, i) => { b.disabled = wasDisabled[i]; });
        applyButton.disabled = uploadId === null;
      }
    }
  };

  const showOutcome = (slot, answer) => {
    const result = answer || {};
    fill(slot, el('p', null, badge(result.restored ? 'restored ' + result.restored : 'done', 'ok'), ' ',
      partner(result.outcome || ''), isBlank(result.hash) ? null : [' ', shortHash(result.hash)]));
  };
  const showFailure = (slot, error) => {
    fill(slot, el('p', null, badge(error.status ? 'ERROR ' + error.status : 'ERROR', 'bad'), ' ', partner(error.message)));
  };
  const reread = () => ctx.reload(async () => {
    const data = await api('/admin/rules');
    if (ctx.alive()) draw(data);
  });

  function dryRun() {
    return busy(async () => {
      const name = fileSelect.value;
      edits[name] = editor.value;
      const payload = {};
      for (const file of new Set(editedNames().concat([name]))) payload[file] = edits[file] !== undefined ? edits[file] : applied[file];
      fill(findings, el('p', { class: 'muted' }, 'Testing ' + Object.keys(payload).join(', ') + '\u2026'));
      uploadId = null;
      try {
        const answer = await api('/admin/rules/test', { method: 'POST', json: { files: payload } });
        if (ctx.alive()) drawTest(answer || {});
      } catch (e) {
        if (ctx.alive() && !e.signingIn) fill(findings, el('p', { class: 'text-bad' }, 'The dry run failed: ', partner(e.message)));
        throw e;
      }
    });
  }

  function applyUpload() {
    if (uploadId === null) return undefined;
    return busy(async () => {
      try {
        const answer = await api('/admin/rules/apply', { method: 'POST', json: { uploadId } });
        if (!ctx.alive()) return;
        showOutcome(outcome, answer);
        uploadId = null;
        await reread();
      } catch (e) {
        if (ctx.alive() && !e.signingIn) showFailure(outcome, e);
        throw e;
      }
    });
  }

  function revert() {
    return busy(async () => {
      try {
        const answer = await api('/admin/rules/revert', { method: 'POST' });
        if (!ctx.alive()) return;
        showOutcome(revertOutcome, answer);
        await reread();
      } catch (e) {
        if (ctx.alive() && !e.signingIn) showFailure(revertOutcome, e);
        throw e;
      }
    });
  }

  draw(await api('/admin/rules'));
}

// ---------------------------------------------------------------------------------------------------------

function notFoundView() {
  setTitle('Not found');
  view().append(el('div', { class: 'view-head' }, el('h1', null, 'Not found')),
    el('p', null, 'There is no such page in the console. ', el('a', { href: '#/overview' }, 'Go to the overview'), '.'));
}

function start() {
  window.addEventListener('hashchange', route);
  // Same reason as in navigate(): a click on a console link marks the view as loading at once, so whoever
  // waits for data-loaded="true" after the click waits for the new view, not the old one.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#/"]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.getAttribute('href') !== location.hash) setLoaded(false);
  });
  route();
  api('/admin/whoami').then((who) => {
    byId('operator-name').textContent = who && who.operator ? safeText(who.operator) : 'unknown';
  }, () => {
    byId('operator-name').textContent = 'unknown';
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
