// Brink's page for `brink serve`: one page for every team and for the facilitator; the
// role comes from the server. The protocol is docs/serve-protocol.md.
//
// Safety: no string from the server ever goes into innerHTML. Everything is built with
// createElement and textContent; the map's SVG alone is parsed (DOMParser, image/svg+xml),
// checked (no script, no on* attribute, no javascript: link) and imported.
'use strict';

(function () {
  const SVGNS = 'http://www.w3.org/2000/svg';
  const WHAT_NEXT_RUNS = 1000;
  const BACKOFF_FIRST = 1000;
  const BACKOFF_MAX = 10000;

  // ---- state ------------------------------------------------------------------------

  const S = {
    token: null,
    ws: null,
    welcomed: false,   // this connection had its welcome
    everWelcomed: false,
    stopped: false,    // the token was refused: no more tries until asked
    backoff: BACKOFF_FIRST,
    retryTimer: 0,
    role: null,        // "seat" | "facilitator"
    seat: null,
    name: '',
    server: '',
    st: null,          // the last `state`
    stAt: 0,           // performance.now() when it came
    map: null,         // the last `map`: {turn, svg}
    shownSvg: null,    // the SVG text on the page now
    past: null,        // a past turn on view: {turn, happened, svg}
    want: undefined,   // the turn a `view` asked for, awaiting its `turn`
    reveal: false,     // facilitator: every seat's orders shown
    wn: null,          // facilitator: the last `what_next` result
    wnOpen: false,
    hideControls: false,
    nextId: 1,
    requests: new Map(),  // request id -> {words for the status line when `ok` has none, ok(), fail()}
  };
  const E = {};  // the page's elements, by name

  // ---- small helpers --------------------------------------------------------------------

  // h('button', {class: 'x', text: 'Go', onclick: f, 'aria-label': 'Go on'}, child, ...)
  // Everything goes through textContent / setAttribute / append: never through HTML.
  function h(tag, props, ...kids) {
    const e = document.createElement(tag);
    if (props) {
      for (const k of Object.keys(props)) {
        const v = props[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = String(v);
        else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of kids.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  // the turn the page shows now: a request meant for it is refused if the game has moved on
  function gameTurn() { return S.st && S.st.game ? S.st.game.turn : undefined; }

  function str(v) { return v === null || v === undefined ? '' : String(v); }
  function arr(v) { return Array.isArray(v) ? v : []; }

  // formatHuman of the engine: `decimals` at most, trailing zeros dropped, thousands apart
  // (by a narrow no-break space, as the play window does, so a number never wraps)
  function human(v, decimals) {
    if (typeof v !== 'number' || !isFinite(v)) return str(v);
    let s = Math.abs(v).toFixed(decimals);
    let frac = '';
    const dot = s.indexOf('.');
    if (dot >= 0) {
      frac = s.slice(dot).replace(/0+$/, '').replace(/\.$/, '');
      s = s.slice(0, dot);
    }
    const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
    const neg = v < 0 && (grouped !== '0' || frac !== '');
    return (neg ? '-' : '') + grouped + frac;
  }

  function signed(v) {
    if (typeof v !== 'number' || !isFinite(v)) return str(v);
    if (v > 0) return '+' + human(v, 2);
    if (v < 0) return '\u2212' + human(-v, 2);
    return '0';
  }

  function sentence(s) {
    s = str(s).trim();
    return s && !/[.!?]$/.test(s) ? s + '.' : s;
  }

  // a share in [0, 1]; a server that sent percentages is understood too
  function share(v, scale) { return typeof v === 'number' && isFinite(v) ? v / scale : 0; }

  // replaces a box's children only when what it shows changed: hover tips stay, focus stays
  function changed(node, data) {
    const k = JSON.stringify(data);
    if (node.bkData === k) return false;
    node.bkData = k;
    return true;
  }

  // rebuilds a box, giving focus back to the element with the same data-key
  function keepFocus(box, build) {
    const a = document.activeElement;
    const key = a && box.contains(a) && a.dataset ? a.dataset.key : null;
    build();
    if (!key) return;
    for (const n of box.querySelectorAll('[data-key]')) {
      if (n.dataset.key === key) { n.focus({ preventScroll: true }); return; }
    }
  }

  function typing(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  // ---- the connection ---------------------------------------------------------------

  function readToken() {
    const hash = location.hash.replace(/^#/, '');
    const t = new URLSearchParams(hash).get('t');
    return t && t.trim() ? t.trim() : null;
  }

  function connect() {
    clearTimeout(S.retryTimer);
    S.retryTimer = 0;
    if (S.stopped || !S.token) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(proto + '//' + location.host + '/ws');
    } catch (e) {
      retry();
      return;
    }
    S.ws = ws;
    S.welcomed = false;
    showConnection();
    ws.addEventListener('open', () => {
      if (ws !== S.ws) return;
      ws.send(JSON.stringify({ type: 'hello', token: S.token }));
    });
    ws.addEventListener('message', (ev) => {
      if (ws !== S.ws || typeof ev.data !== 'string') return;
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m && typeof m === 'object') receive(m);
    });
    ws.addEventListener('close', () => {
      if (ws !== S.ws) return;
      S.ws = null;
      S.welcomed = false;
      if (S.stopped) return;
      retry();
    });
  }

  function retry() {
    clearTimeout(S.retryTimer);
    const wait = S.backoff;
    S.backoff = Math.min(S.backoff * 2, BACKOFF_MAX);
    S.retryTimer = setTimeout(connect, wait);
    showConnection();
  }

  // a sleeping laptop woke up or the network came back: try now, not in ten seconds
  function retryNow() {
    if (S.stopped || !S.token || S.ws) return;
    S.backoff = BACKOFF_FIRST;
    connect();
  }

  // sends a request; `then` may hold ok() and fail(), called with the answer
  function send(msg, words, then) {
    if (!S.ws || S.ws.readyState !== WebSocket.OPEN || !S.welcomed) {
      status('Not connected: reconnecting\u2026 Try again in a moment.', 'error');
      return false;
    }
    const id = S.nextId++;
    msg.id = id;
    S.requests.set(id, { words: words || '', ok: then && then.ok, fail: then && then.fail });
    if (S.requests.size > 200) S.requests.delete(S.requests.keys().next().value);
    S.ws.send(JSON.stringify(msg));
    return true;
  }

  function showConnection() {
    if (E.msgLine) {
      E.msgLine.textContent = S.retryTimer ? 'Cannot reach the game yet: trying again\u2026' : 'Connecting\u2026';
      return;
    }
    if (!E.conn) return;
    const up = S.ws && S.welcomed;
    E.conn.hidden = !!up || S.stopped;
    if (!up) E.conn.textContent = S.everWelcomed ? 'Connection lost: reconnecting\u2026' : 'Connecting\u2026';
    document.documentElement.classList.toggle('offline', !up);
  }

  // ---- messages from the server -----------------------------------------------------

  function receive(m) {
    switch (m.type) {
      case 'welcome': return onWelcome(m);
      case 'state': return onState(m);
      case 'map': return onMap(m);
      case 'turn': return onTurn(m);
      case 'ok': return onOk(m);
      case 'error': return onError(m);
      case 'what_next': return onWhatNext(m);
      case 'told': return onTold(m);
      default: return undefined;  // a newer server's message: not ours to read
    }
  }

  function onWelcome(m) {
    S.welcomed = true;
    S.everWelcomed = true;
    S.backoff = BACKOFF_FIRST;
    const role = m.role === 'facilitator' ? 'facilitator' : 'seat';
    const rebuild = role !== S.role || !E.content;
    S.role = role;
    S.seat = m.seat === undefined ? null : m.seat;
    S.name = str(m.name) || (role === 'facilitator' ? 'Facilitator' : '');
    S.server = str(m.server);
    // a new connection starts at now, with the orders hidden: the server's view of this
    // client starts afresh too
    S.past = null;
    S.want = undefined;
    S.reveal = false;
    S.requests.clear();
    if (rebuild) build();
    showConnection();
    render();
  }

  function onState(m) {
    if (!m.game || typeof m.game !== 'object') return;
    S.st = m;
    S.stAt = performance.now();
    const g = m.game;
    if (S.past && S.past.turn >= g.turn) S.past = null;  // undone past it
    if (typeof S.want === 'number' && S.want >= g.turn) S.want = undefined;
    const f = m.facilitator;
    if (f && typeof f.reveal === 'boolean') S.reveal = f.reveal;
    // what next? was of another turn: the game moved on
    if (S.wn && S.wn.from_turn !== g.turn && !(f && f.what_next && f.what_next.running)) S.wn = null;
    render();
  }

  function onMap(m) {
    if (typeof m.svg !== 'string') return;
    S.map = { turn: m.turn, svg: m.svg };
    if (E.content) renderMapAndHappened();
  }

  function onTurn(m) {
    // only the answer to the last `view` asked: an older one is stale, and the answer to
    // "now" (turn null) is not needed, the live state and map are here already
    if (typeof S.want !== 'number' || m.turn !== S.want) return;
    S.want = undefined;
    if (S.st && m.turn >= S.st.game.turn) { S.past = null; render(); return; }
    S.past = { turn: m.turn, happened: m.happened, svg: typeof m.svg === 'string' ? m.svg : '' };
    render();
  }

  function onOk(m) {
    const r = S.requests.get(m.id);
    S.requests.delete(m.id);
    const words = str(m.message) || (r && r.words) || '';
    if (words) status(words, 'ok');
    if (r && r.ok) r.ok(m);
  }

  function onError(m) {
    const r = S.requests.get(m.id);
    S.requests.delete(m.id);
    if (!S.welcomed) {
      // the hello was refused: a wrong or old join address. The server closes; no retries.
      S.stopped = true;
      clearTimeout(S.retryTimer);
      pageRefused(str(m.error), str(m.hint));
      return;
    }
    let t = sentence(m.error) || 'Refused.';
    if (m.expected) t += ' Expected: ' + sentence(m.expected);
    if (m.hint) t += ' ' + sentence(m.hint);
    status(t, 'error');
    if (r && r.fail) r.fail(m);
  }

  function onWhatNext(m) {
    S.wn = m;
    if (S.role === 'facilitator') { S.wnOpen = true; renderWhatNext(); }
  }

  function onTold(m) {
    const text = str(m.text);
    if (!text || !E.news) return;
    const now = new Date();
    const hhmm = String(now.getHours()).padStart(2, '0') + ':' + String(now.getMinutes()).padStart(2, '0');
    E.newsTime.textContent = hhmm;
    E.newsText.textContent = text;
    E.news.hidden = false;
    E.news.classList.remove('flash');
    void E.news.offsetWidth;  // restart the animation
    E.news.classList.add('flash');
  }

  // ---- the status line ----------------------------------------------------------------

  function status(text, kind) {
    if (!E.status) return;
    E.status.textContent = text;
    E.status.className = 'status' + (kind ? ' ' + kind : '');
  }

  // ---- pages without a game -------------------------------------------------------------

  function pageMessage(title, lines, button) {
    const root = document.getElementById('bk-app');
    document.documentElement.className = 'plain';
    const main = h('main', { class: 'message-page' }, h('h1', { text: title }));
    for (const l of lines) main.append(h('p', { text: l }));
    if (button) main.append(button);
    root.replaceChildren(main);
    for (const k of Object.keys(E)) delete E[k];
    S.role = null;
  }

  function pageNoToken() {
    document.title = 'Brink';
    pageMessage('Brink', [
      'Open the join address your teacher gave you.',
      'It ends with #t= and a code; each team has its own.',
    ]);
  }

  function pageRefused(error, hint) {
    document.title = 'Brink';
    // the server's words, said once: "This join address is not valid for this game."
    const said = str(error).replace(/\.$/, '');
    const lines = [!said ? 'This join address did not work.'
      : /join address/i.test(said) ? sentence(said.charAt(0).toUpperCase() + said.slice(1))
        : 'This join address did not work: ' + said + '.'];
    const advice = hint ? sentence(hint) : 'Open the join address your teacher gave you.';
    lines.push(advice.charAt(0).toUpperCase() + advice.slice(1));
    const again = h('button', {
      type: 'button', class: 'big',
      onclick: () => { S.stopped = false; S.backoff = BACKOFF_FIRST; S.token = readToken(); start(); },
    }, 'Try again');
    pageMessage('Brink', lines, again);
  }

  // ---- building the page -----------------------------------------------------------------

  function build() {
    const fac = S.role === 'facilitator';
    document.documentElement.className = fac ? 'fac' : 'seat';
    for (const k of Object.keys(E)) delete E[k];
    const root = document.getElementById('bk-app');

    E.conn = h('div', { class: 'conn', role: 'status', hidden: true });
    E.header = buildHeader(fac);
    E.pausedBanner = h('div', { class: 'paused-banner', role: 'status', hidden: true },
      fac ? 'PAUSED: no turn ends and the countdown stops until you resume.' : 'PAUSED by the facilitator');
    E.newsTime = h('span', { class: 'news-time' });
    E.newsText = h('span', { class: 'news-text' });
    E.news = h('div', { class: 'news', role: 'status', 'aria-live': 'polite', hidden: true },
      h('span', { class: 'news-label', text: 'News' }), E.newsTime, E.newsText,
      h('button', {
        type: 'button', class: 'news-close', 'aria-label': 'Dismiss the news',
        onclick: () => { E.news.hidden = true; },
      }, '\u2715'));
    E.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });

    E.content = h('div', { class: 'content' });
    if (fac) buildFacilitator(); else buildSeat();

    const footer = h('footer', { class: 'footer' }, E.status,
      h('span', { class: 'keys', text: 'Left / Right: past turns \u00b7 End: now' }));
    const app = h('div', { class: 'layout' }, E.conn, E.header, E.pausedBanner, E.news, E.content, footer);
    root.replaceChildren(app);
  }

  function buildHeader(fac) {
    E.title = h('h1', { class: 'title' });
    E.turnLine = h('div', { class: 'turn-line' });
    E.who = h('div', { class: 'who' });
    E.countdown = h('div', { class: 'countdown', role: 'timer', 'aria-live': 'off', hidden: true });
    E.readyCount = h('div', { class: 'ready-count' });
    const right = h('div', { class: 'header-right' }, E.readyCount, E.countdown);
    if (fac) {
      E.toggleControls = h('button', {
        type: 'button', class: 'quiet', 'aria-controls': 'bk-controls', 'aria-expanded': 'true',
        onclick: () => { S.hideControls = !S.hideControls; renderControlsVisibility(); },
      }, 'Hide controls');
      right.append(E.toggleControls);
    }
    return h('header', { class: 'top' },
      h('div', { class: 'header-left' }, E.title, h('div', { class: 'sub' }, E.turnLine, E.who)),
      right);
  }

  function buildNav() {
    E.prev = h('button', { type: 'button', 'aria-label': 'Previous turn', onclick: () => stepView(-1) }, '\u25c0 Previous');
    E.next = h('button', { type: 'button', 'aria-label': 'Next turn', onclick: () => stepView(1) }, 'Next \u25b6');
    E.now = h('button', { type: 'button', 'aria-label': 'Back to now', onclick: () => goNow() }, 'Now');
    E.navLabel = h('span', { class: 'nav-label', 'aria-live': 'polite' });
    E.nav = h('nav', { class: 'turn-nav', 'aria-label': 'Turns' }, E.prev, E.next, E.now, E.navLabel);
    E.pastBanner = h('div', { class: 'past-banner', hidden: true });
  }

  function buildMapBox() {
    E.mapBox = h('div', { class: 'map-box' });
  }

  function buildHappened() {
    E.happenedTitle = h('h2', { class: 'happened-title' });
    E.happenedBody = h('div', { class: 'happened-body' });
    E.happened = h('section', { class: 'happened', 'aria-label': 'What happened' }, E.happenedTitle, E.happenedBody);
  }

  function buildSeat() {
    E.over = h('div', { class: 'over', hidden: true });
    E.situation = h('section', { class: 'situation', 'aria-label': 'Your situation' });
    E.secrets = h('section', { class: 'secrets', hidden: true });
    E.ordersTitle = h('h2');
    E.pendingList = h('ul', { class: 'pending' });
    E.orders = h('section', { class: 'orders' }, E.ordersTitle, E.pendingList);
    E.optionsNote = h('p', { class: 'muted small', text: 'Possible orders (greyed: cannot be given now; hover, focus or tap one for why)' });
    E.optionList = h('ul', { class: 'options' });
    E.options = h('section', { class: 'possible', 'aria-label': 'Possible orders' }, E.optionsNote, E.optionList);
    E.readyState = h('div', { class: 'ready-state', role: 'status' });
    E.readyBtn = h('button', { type: 'button', class: 'ready-btn', onclick: toggleReady });
    E.teams = h('ul', { class: 'teams-inline', 'aria-label': 'Teams' });
    E.readyBox = h('div', { class: 'ready-box' }, E.readyState, E.readyBtn, E.teams);
    const left = h('aside', { class: 'left panel', 'aria-label': 'Your team' },
      E.over, E.situation, E.secrets, E.orders, E.options);
    const leftWrap = h('div', { class: 'left-wrap' }, left, E.readyBox);

    buildNav();
    buildMapBox();
    buildHappened();
    const mapCol = h('div', { class: 'map-col' }, E.nav, E.pastBanner, E.mapBox);
    const main = h('section', { class: 'main', 'aria-label': 'The map and what happened' }, mapCol, E.happened);
    E.content.append(leftWrap, main);
  }

  function buildFacilitator() {
    // left: the teams, their orders (on reveal), what happened
    E.seatList = h('ul', { class: 'seat-list' });
    E.revealed = h('section', { class: 'revealed', hidden: true });
    buildHappened();
    E.over = h('div', { class: 'over', hidden: true });
    const left = h('aside', { class: 'left panel', 'aria-label': 'Teams and what happened' },
      E.over, h('h2', { text: 'Teams' }), E.seatList, E.revealed, E.happened);

    // middle: the map, big, and what next? over it
    buildNav();
    buildMapBox();
    E.wnPanel = h('section', { class: 'what-next', role: 'dialog', 'aria-label': 'What next?', tabindex: '-1', hidden: true });
    const center = h('section', { class: 'center', 'aria-label': 'The map' }, E.nav, E.pastBanner,
      h('div', { class: 'map-stage' }, E.mapBox, E.wnPanel));

    // right: the controls
    E.endTurn = h('button', { type: 'button', onclick: () => send({ type: 'end_turn' }, 'The turn is ending.') }, 'End turn');
    E.undo = h('button', { type: 'button', onclick: () => send({ type: 'undo', turns: 1 }, 'Went back a turn; its orders are pending again.') }, 'Undo a turn');
    E.pause = h('button', { type: 'button', onclick: togglePause }, 'Pause');
    E.reveal = h('button', { type: 'button', onclick: toggleReveal, 'aria-pressed': 'false' }, 'Reveal all');
    E.whatNext = h('button', { type: 'button', onclick: startWhatNext }, 'What next?');
    E.save = h('button', { type: 'button', onclick: () => send({ type: 'save' }, 'Saved.') }, 'Save');
    const buttons = h('div', { class: 'button-grid' }, E.endTurn, E.undo, E.pause, E.reveal, E.whatNext, E.save);

    E.deadlineNow = h('span', { class: 'muted' });
    E.deadlineInput = h('input', {
      type: 'number', min: '0', step: 'any', inputmode: 'decimal', class: 'minutes', id: 'bk-minutes',
      placeholder: 'none',
    });
    const deadlineForm = h('form', { class: 'deadline row', onsubmit: setDeadline },
      h('label', { for: 'bk-minutes', text: 'Countdown of every turn' }), E.deadlineInput, h('span', { text: 'min' }),
      h('button', { type: 'submit' }, 'Set'),
      h('button', { type: 'button', onclick: () => send({ type: 'deadline', minutes: null }, 'No countdown from now.') }, 'None'));

    E.injectsTitle = h('h2');
    E.injectList = h('ul', { class: 'inject-list' });

    E.eventSelect = h('select', { 'aria-label': 'Event' });
    const eventForm = h('form', { class: 'row', onsubmit: fireEvent }, E.eventSelect, h('button', { type: 'submit' }, 'Fire'));
    E.eventsBox = h('details', { open: true }, h('summary', { text: 'Make an event happen' }), eventForm);

    E.effects = h('textarea', {
      rows: '4', spellcheck: 'false', 'aria-label': 'Effects (YAML)',
      placeholder: '- {tension: {between: [russia, united_states], delta: 0.1}}',
    });
    E.headline = h('input', { type: 'text', 'aria-label': 'Headline', placeholder: 'headline the class hears' });
    const effectsForm = h('form', { class: 'stack', onsubmit: applyEffects }, E.effects, E.headline,
      h('button', { type: 'submit' }, 'Apply at the start of the turn'));
    const effectsBox = h('details', {}, h('summary', { text: 'Apply effects' }), effectsForm);

    E.paramSelect = h('select', { 'aria-label': 'Parameter', onchange: () => { E.paramValue.value = paramValue(E.paramSelect.value); } });
    E.paramValue = h('input', { type: 'number', step: 'any', inputmode: 'decimal', class: 'value', 'aria-label': 'Value' });
    const paramForm = h('form', { class: 'row wrap', onsubmit: setParam }, E.paramSelect,
      h('label', { class: 'inline', text: 'value ' }, E.paramValue), h('button', { type: 'submit' }, 'Set from this turn on'));
    E.paramsBox = h('details', {}, h('summary', { text: 'Set a parameter' }), paramForm);

    E.aiSelect = h('select', { 'aria-label': 'Seat' });
    const aiForm = h('form', { class: 'row', onsubmit: aiPlays }, E.aiSelect, h('button', { type: 'submit' }, 'This turn'));
    E.aiBox = h('details', {}, h('summary', { text: 'Let the computer play a seat' }), aiForm);

    E.controls = h('aside', { class: 'right panel', id: 'bk-controls', 'aria-label': 'Facilitator controls' },
      buttons, deadlineForm, E.deadlineNow,
      h('section', { class: 'injects' }, E.injectsTitle, E.injectList, E.eventsBox, effectsBox, E.paramsBox, E.aiBox));

    E.content.append(left, center, E.controls);
  }

  // ---- actions ------------------------------------------------------------------------

  function toggleReady() {
    const you = S.st && S.st.you;
    if (!you) return;
    const to = !you.ready;
    send({ type: 'ready', ready: to, turn: gameTurn() }, to ? 'Your orders are final.' : 'Not ready yet: change your orders.');
  }

  function clickOption(o, li) {
    const target = o.target === undefined ? null : o.target;
    if (o.pending) send({ type: 'withdraw', action: o.action, target, turn: gameTurn() }, 'Withdrawn: ' + str(o.text) + '.');
    else if (o.allowed) send({ type: 'order', action: o.action, target, turn: gameTurn() }, 'Given: ' + str(o.text) + '.');
    else li.classList.toggle('tapped');  // a tap shows why not
  }

  function togglePause() {
    const g = S.st && S.st.game;
    if (!g) return;
    send({ type: 'pause', paused: !g.paused }, g.paused ? 'Resumed.' : 'Paused: no turn ends until it resumes.');
  }

  function toggleReveal() {
    const to = !S.reveal;
    send({ type: 'reveal', reveal: to }, to ? 'Every seat\u2019s orders are shown.' : 'The orders are hidden.', {
      ok: () => { S.reveal = to; render(); },
    });
  }

  function startWhatNext() {
    S.wnOpen = true;
    const f = S.st && S.st.facilitator;
    if (!(f && f.what_next && f.what_next.running)) {
      S.wn = null;
      send({ type: 'what_next', runs: WHAT_NEXT_RUNS }, '', { fail: () => { S.wnOpen = false; renderWhatNext(); } });
    }
    renderWhatNext();
    if (!E.wnPanel.contains(document.activeElement)) E.wnPanel.focus({ preventScroll: true });
  }

  function setDeadline(ev) {
    ev.preventDefault();
    const v = parseFloat(E.deadlineInput.value);
    if (!(v > 0)) { status('The countdown needs a number of minutes above 0, or None.', 'error'); return; }
    send({ type: 'deadline', minutes: v }, 'Every turn from now has ' + human(v, 2) + ' minutes.');
    E.deadlineInput.bkDirty = false;
  }

  function fireEvent(ev) {
    ev.preventDefault();
    const id = E.eventSelect.value;
    if (!id) return;
    const opt = E.eventSelect.selectedOptions[0];
    send({ type: 'inject', inject: { event: id } }, '\u2018' + (opt ? opt.textContent : id) + '\u2019 will happen this turn.');
  }

  function applyEffects(ev) {
    ev.preventDefault();
    const yaml = E.effects.value;
    if (!yaml.trim()) { status('Write the effects first (YAML, as in the scenario format).', 'error'); return; }
    if (send({ type: 'inject', inject: { effects: yaml, headline: E.headline.value } }, 'Effects will apply at the start of the turn.')) {
      // the fields are kept: a refused YAML can be corrected
    }
  }

  function paramValue(name) {
    const f = S.st && S.st.facilitator;
    for (const p of arr(f && f.params)) if (p.name === name) return str(p.value);
    return '';
  }

  function setParam(ev) {
    ev.preventDefault();
    const name = E.paramSelect.value;
    const v = parseFloat(E.paramValue.value);
    if (!name) return;
    if (!isFinite(v)) { status('The value must be a number.', 'error'); return; }
    send({ type: 'inject', inject: { set: { param: name, value: v } } }, 'params.' + name + ' will be ' + human(v, 6) + '.');
  }

  function aiPlays(ev) {
    ev.preventDefault();
    const id = E.aiSelect.value;
    if (!id) return;
    send({ type: 'inject', inject: { ai: id } }, 'The computer plays ' + seatName(id) + ' this turn.');
  }

  function seatName(id) {
    for (const s of arr(S.st && S.st.seats)) if (s.id === id) return str(s.name) || id;
    return str(id);
  }

  // past turns: first_turn .. turn-1; the turn itself is "now"
  function shownTurn() {
    if (typeof S.want === 'number') return S.want;
    if (S.past) return S.past.turn;
    return S.st ? S.st.game.turn : 0;
  }

  function stepView(d) {
    if (!S.st) return;
    const g = S.st.game;
    const first = typeof g.first_turn === 'number' ? g.first_turn : 0;
    const t = shownTurn() + d;
    if (t >= g.turn) { goNow(); return; }
    if (t < first) return;
    S.want = t;
    send({ type: 'view', turn: t }, '', {
      fail: () => { if (S.want === t) { S.want = undefined; renderMapAndHappened(); } },
    });
    renderMapAndHappened();
  }

  function goNow() {
    if (!S.past && S.want === undefined) return;
    S.past = null;
    S.want = undefined;
    send({ type: 'view', turn: null });
    renderMapAndHappened();
  }

  // ---- rendering ----------------------------------------------------------------------

  function render() {
    if (!E.content || !S.st) { showConnection(); return; }
    renderHeader();
    if (S.role === 'facilitator') renderFacilitator(); else renderSeat();
    renderMapAndHappened();
  }

  function renderHeader() {
    const g = S.st.game;
    E.title.textContent = str(g.title);
    E.turnLine.textContent = 'Turn ' + g.turn + ' of ' + g.last_turn + ' \u00b7 ' + str(g.date);
    if (S.role === 'facilitator') E.who.textContent = 'Facilitator' + (S.reveal ? ' \u00b7 all orders revealed' : '');
    else E.who.textContent = S.name || str(S.seat);
    document.title = (S.role === 'facilitator' ? 'Facilitator' : S.name) + ' \u2014 Brink \u2014 ' + str(g.title) +
      ' \u2014 Turn ' + g.turn + ' \u00b7 ' + str(g.date);
    E.pausedBanner.hidden = !g.paused;
    document.documentElement.classList.toggle('paused', !!g.paused);
    const seats = arr(S.st.seats);
    const ready = seats.filter((s) => s.ready).length;
    E.readyCount.textContent = seats.length && !g.finished ? 'Ready: ' + ready + ' of ' + seats.length : '';
    E.over.hidden = !g.finished;
    E.over.textContent = g.finished ? 'The game is over: ' + (str(g.outcome) || 'stopped') + '.' : '';
    tick();
  }

  // the countdown: seconds_left as received, counted down here; frozen while paused
  function tick() {
    if (!E.countdown || !S.st) return;
    const d = S.st.deadline;
    const g = S.st.game;
    if (!d || typeof d.seconds_left !== 'number' || g.finished) {
      E.countdown.hidden = true;
      return;
    }
    let left = d.seconds_left;
    if (!g.paused) left -= (performance.now() - S.stAt) / 1000;
    left = Math.max(0, Math.ceil(left));
    const mm = Math.floor(left / 60);
    const ss = left % 60;
    const text = String(mm).padStart(2, '0') + ':' + String(ss).padStart(2, '0');
    if (E.countdown.textContent !== text) E.countdown.textContent = text;
    E.countdown.hidden = false;
    E.countdown.classList.toggle('low', left < 60);
    E.countdown.classList.toggle('stopped', !!g.paused);
    E.countdown.setAttribute('aria-label', 'Time left for this turn: ' + mm + ' minutes ' + ss + ' seconds' + (g.paused ? ', stopped' : ''));
  }

  // -- a team --

  function renderSeat() {
    const st = S.st;
    const g = st.game;
    const you = st.you || {};
    const first = typeof g.first_turn === 'number' ? g.first_turn : 0;
    renderSituation(you.situation);
    renderSecrets(g.turn > first ? arr(you.secrets) : []);
    E.orders.hidden = !!g.finished;
    E.options.hidden = !!g.finished;
    E.ordersTitle.textContent = 'Orders for turn ' + (g.turn + 1);
    renderPending(arr(you.pending));
    renderOptions(arr(you.options));
    // ready
    const ready = !!you.ready;
    E.readyBtn.textContent = ready ? 'Not ready yet' : 'My orders are final';
    E.readyBtn.classList.toggle('is-ready', ready);
    E.readyBtn.disabled = !!(g.finished || g.paused);
    E.readyBtn.hidden = !!g.finished;
    E.readyBox.classList.toggle('is-ready', ready);
    if (g.finished) E.readyState.textContent = '';
    else if (g.paused) E.readyState.textContent = 'Paused: wait for the facilitator.';
    else if (ready) E.readyState.textContent = '\u2713 Your orders are final. Waiting for the other teams\u2026';
    else E.readyState.textContent = 'Give your orders, then press when your team agrees.';
    renderTeamsInline(arr(st.seats));
  }

  function renderSituation(sit) {
    if (!changed(E.situation, sit || null)) return;
    E.situation.replaceChildren();
    if (!sit) return;
    E.situation.append(h('h2', { class: 'seat-name' }, h('span', { text: str(sit.name) }), ' ',
      h('span', { class: 'muted posture', text: 'posture: ' + str(sit.posture) })));
    const holds = arr(sit.holds).map((x) => human(x.amount, Math.abs(x.amount) < 10 ? 2 : 0) + ' ' + str(x.name)).join(' \u00b7 ');
    const allies = arr(sit.allies).map((x) => str(x.name)).join(', ');
    const rivals = arr(sit.rivals).map((x) => str(x.name) + ' (tension ' + human(x.tension, 2) + (x.rung ? ', ' + x.rung : '') + ')').join(', ');
    E.situation.append(
      line('Holds', holds || 'nothing'),
      line('Allies and partners', allies || 'none'),
      line('Rivals', rivals || 'none'));
  }

  function line(label, text) {
    return h('p', { class: 'sit-line' }, h('span', { class: 'label', text: label + ': ' }), text);
  }

  function renderSecrets(secrets) {
    if (!changed(E.secrets, secrets)) return;
    E.secrets.hidden = !secrets.length;
    E.secrets.replaceChildren();
    if (!secrets.length) return;
    E.secrets.append(h('h2', { class: 'muted-title', text: 'Last turn, only your team saw (' + secrets.length + '):' }),
      h('ul', {}, secrets.map((s) => h('li', { text: str(s) }))));
  }

  function renderPending(pending) {
    if (!changed(E.pendingList, pending)) return;
    keepFocus(E.pendingList, () => {
      E.pendingList.replaceChildren();
      if (!pending.length) {
        E.pendingList.append(h('li', { class: 'muted none', text: 'None yet: choose below, or hold.' }));
        return;
      }
      for (const p of pending) {
        const target = p.target === undefined ? null : p.target;
        const ok = p.allowed !== false;
        const li = h('li', { class: ok ? 'ok' : 'bad' },
          h('button', {
            type: 'button', class: 'small', 'data-key': 'w:' + p.action + ':' + str(target),
            'aria-label': 'Withdraw: ' + str(p.text),
            onclick: () => send({ type: 'withdraw', action: p.action, target, turn: gameTurn() }, 'Withdrawn: ' + str(p.text) + '.'),
          }, 'Withdraw'),
          h('span', { class: 'mark', 'aria-hidden': 'true', text: ok ? '\u2713' : '\u2717' }),
          h('span', { class: 'sr', text: ok ? 'Will be given: ' : 'Would be refused: ' }),
          h('span', { class: 'pending-text', text: str(p.text) }));
        if (!ok) li.append(h('div', { class: 'refused', text: 'Would be refused: ' + sentence(p.reason || 'the rules do not allow it') }));
        E.pendingList.append(li);
      }
    });
  }

  function renderOptions(options) {
    if (!changed(E.optionList, options)) return;
    keepFocus(E.optionList, () => {
      E.optionList.replaceChildren();
      if (!options.length) {
        E.optionList.append(h('li', { class: 'muted none', text: 'No order can be given this turn.' }));
        return;
      }
      options.forEach((o, i) => E.optionList.append(optionRow(o, i)));
    });
  }

  function optionRow(o, i) {
    const tipId = 'bk-tip-' + i;
    const usable = !!(o.pending || o.allowed);
    const li = h('li', { class: 'option' + (o.allowed ? '' : ' not-allowed') + (o.pending ? ' pending' : '') });
    const tip = h('div', { class: 'tip', role: 'tooltip', id: tipId },
      h('div', { class: o.allowed ? '' : 'why-not', text: o.allowed ? 'Can be given now.' : 'Cannot be given: ' + sentence(o.reason || 'not now') }),
      h('div', { text: o.public ? 'Public: every team will see it.' : 'Secret: only your team will see it.' }),
      h('div', { text: 'Escalation score ' + signed(o.escalation) }),
      o.pending ? h('div', { text: 'Given: press again to withdraw it.' }) : null);
    const btn = h('button', {
      type: 'button', class: 'option-btn', 'data-key': 'o:' + o.action + ':' + str(o.target),
      'aria-describedby': tipId, 'aria-disabled': usable ? null : 'true',
      onclick: () => clickOption(o, li),
      onblur: () => li.classList.remove('tapped'),
    },
    h('span', { class: 'mark', 'aria-hidden': 'true', text: o.pending ? '\u2713' : '' }),
    o.pending ? h('span', { class: 'sr', text: 'Given, press to withdraw: ' }) : null,
    h('span', { class: 'option-text', text: str(o.text) }),
    h('span', { class: 'option-meta' },
      o.cost ? h('span', { class: 'cost', text: '(' + o.cost + ')' }) : null,
      h('span', { class: 'tag ' + (o.public ? 'public' : 'secret'), text: o.public ? 'public' : 'secret' }),
      h('span', { class: 'esc', title: 'Escalation score', text: 'escalation ' + signed(o.escalation) })));
    li.append(btn, tip);
    return li;
  }

  function renderTeamsInline(seats) {
    if (!changed(E.teams, seats)) return;
    E.teams.replaceChildren(...seats.map((s) => h('li', { class: (s.ready ? 'ready' : 'waiting') + (s.connected ? '' : ' away') },
      h('span', { class: 'dot', 'aria-hidden': 'true', text: s.ready ? '\u2713' : '\u2026' }),
      str(s.name), h('span', { class: 'sr', text: s.ready ? ' is ready' : ' is not ready yet' }),
      s.connected ? null : h('span', { class: 'away-note', text: ' (away)' }))));
  }

  // -- the facilitator --

  function renderFacilitator() {
    const st = S.st;
    const g = st.game;
    const f = st.facilitator || {};
    renderSeatBadges(arr(st.seats));
    renderRevealed(arr(st.seats), arr(f.orders));
    // buttons
    E.endTurn.disabled = !!g.finished;
    E.pause.textContent = g.paused ? 'Resume' : 'Pause';
    E.pause.disabled = !!g.finished;
    E.reveal.textContent = S.reveal ? 'Hide orders' : 'Reveal all';
    E.reveal.setAttribute('aria-pressed', S.reveal ? 'true' : 'false');
    E.reveal.classList.toggle('on', S.reveal);
    const running = !!(f.what_next && f.what_next.running);
    E.whatNext.textContent = running ? 'What next? \u2026' : 'What next?';
    E.whatNext.setAttribute('aria-busy', running ? 'true' : 'false');
    // deadline
    const d = st.deadline;
    E.deadlineNow.textContent = d && typeof d.minutes === 'number'
      ? 'Every turn has ' + human(d.minutes, 2) + ' minutes.' : 'No countdown.';
    if (document.activeElement !== E.deadlineInput && !E.deadlineInput.bkDirty) {
      E.deadlineInput.value = d && typeof d.minutes === 'number' ? String(d.minutes) : '';
    }
    // injects
    E.injectsTitle.textContent = 'Injects for turn ' + (g.turn + 1);
    renderInjects(arr(f.injects));
    fillSelect(E.eventSelect, arr(f.events).map((e) => [e.id, str(e.name) || str(e.id)]));
    E.eventsBox.classList.toggle('empty', !arr(f.events).length);
    const paramsChanged = fillSelect(E.paramSelect, arr(f.params).map((p) => [p.name, str(p.name) + ' (now ' + human(p.value, 6) + ')']));
    if (paramsChanged && document.activeElement !== E.paramValue) E.paramValue.value = paramValue(E.paramSelect.value);
    fillSelect(E.aiSelect, arr(st.seats).map((s) => [s.id, str(s.name) || str(s.id)]));
    renderControlsVisibility();
    renderWhatNext();
  }

  function renderControlsVisibility() {
    if (!E.controls) return;
    E.controls.hidden = S.hideControls;
    E.content.classList.toggle('no-controls', S.hideControls);
    E.toggleControls.textContent = S.hideControls ? 'Show controls' : 'Hide controls';
    E.toggleControls.setAttribute('aria-expanded', S.hideControls ? 'false' : 'true');
  }

  // fills a select with [value, label] pairs, keeping the choice; true when it changed
  function fillSelect(sel, items) {
    if (!changed(sel, items)) return false;
    const keep = sel.value;
    sel.replaceChildren(...items.map(([v, l]) => h('option', { value: str(v), text: l })));
    if (items.some(([v]) => str(v) === keep)) sel.value = keep;
    sel.disabled = !items.length;
    return true;
  }

  function renderSeatBadges(seats) {
    if (!changed(E.seatList, seats)) return;
    E.seatList.replaceChildren();
    if (!seats.length) {
      E.seatList.append(h('li', { class: 'muted', text: 'No seat is played by people.' }));
      return;
    }
    for (const s of seats) {
      E.seatList.append(h('li', { class: 'seat-row' },
        h('span', { class: 'seat-row-name', text: str(s.name) || str(s.id) }),
        h('span', { class: 'badges' },
          h('span', { class: 'badge ' + (s.ready ? 'ready' : 'waiting'), text: s.ready ? '\u2713 ready' : 'not ready' }),
          h('span', { class: 'badge ' + (s.connected ? 'online' : 'offline'), text: s.connected ? '\u25cf connected' : '\u25cb away' }))));
    }
  }

  function renderRevealed(seats, orders) {
    E.revealed.hidden = !S.reveal;
    if (!S.reveal) { E.revealed.bkData = null; E.revealed.replaceChildren(); return; }
    if (!changed(E.revealed, [seats.map((s) => [s.id, s.name]), orders])) return;
    E.revealed.replaceChildren(h('h2', { text: 'Pending orders of every seat' }));
    const ids = seats.map((s) => s.id);
    for (const o of orders) if (!ids.includes(o.seat)) ids.push(o.seat);  // a seat the list lacks
    for (const id of ids) {
      const mine = orders.filter((o) => o.seat === id);
      const ul = h('ul', { class: 'pending' });
      if (!mine.length) ul.append(h('li', { class: 'muted none', text: 'no orders yet (holds)' }));
      for (const o of mine) {
        const ok = o.allowed !== false;
        const li = h('li', { class: ok ? 'ok' : 'bad' },
          h('span', { class: 'mark', 'aria-hidden': 'true', text: ok ? '\u2713' : '\u2717' }),
          h('span', { class: 'pending-text', text: str(o.text) }));
        if (!ok) li.append(h('div', { class: 'refused', text: 'Would be refused: ' + sentence(o.reason || 'the rules do not allow it') }));
        ul.append(li);
      }
      E.revealed.append(h('h3', { text: seatName(id) }), ul);
    }
  }

  function renderInjects(injects) {
    if (!changed(E.injectList, injects)) return;
    keepFocus(E.injectList, () => {
      E.injectList.replaceChildren();
      if (!injects.length) { E.injectList.append(h('li', { class: 'muted none', text: 'None.' })); return; }
      for (const g of injects) {
        E.injectList.append(h('li', {},
          h('button', {
            type: 'button', class: 'small x', 'data-key': 'i:' + g.index + ':' + str(g.text),
            'aria-label': 'Withdraw inject: ' + str(g.text),
            onclick: () => send({ type: 'withdraw_inject', index: g.index }, 'Inject withdrawn.'),
          }, '\u2715'),
          h('span', { text: str(g.text) })));
      }
    });
  }

  function renderWhatNext() {
    if (!E.wnPanel) return;
    const g = S.st && S.st.game;
    const f = (S.st && S.st.facilitator) || {};
    const prog = f.what_next && f.what_next.running ? f.what_next : null;
    E.wnPanel.hidden = !S.wnOpen;
    if (!S.wnOpen) { E.wnPanel.bkData = null; return; }
    if (!changed(E.wnPanel, [prog, S.wn, g && g.turn])) return;
    const close = h('button', { type: 'button', class: 'quiet', 'data-key': 'wn-x', 'aria-label': 'Close what next?', onclick: closeWhatNext }, 'Close');
    const head = h('div', { class: 'wn-head' }, h('h2', { text: 'What next?' }), close);
    const body = [];
    if (prog) {
      const runs = Number(prog.runs) || WHAT_NEXT_RUNS;
      const done = Math.min(runs, Number(prog.done) || 0);
      const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(runs), 'aria-valuenow': String(done) },
        h('div', { class: 'progress-fill' }));
      bar.firstChild.style.width = (100 * done / runs).toFixed(1) + '%';
      body.push(h('p', { text: runs + ' continuations from turn ' + (g ? g.turn : '') + ', every actor played by its policy\u2026' }),
        bar, h('p', { class: 'muted', text: done + ' of ' + runs + ' done' }));
    } else if (!S.wn) {
      body.push(h('p', { class: 'muted', text: 'Starting\u2026' }));
    } else {
      const w = S.wn;
      const outs = arr(w.outcomes);
      const scale = outs.some((o) => o.p > 1 || o.high > 1) ? 100 : 1;  // percentages, if so
      body.push(h('p', { text: 'From turn ' + w.from_turn + ': ' + (Number(w.runs) || 0) +
        ' continuations, each with its own luck, every actor played by its policy. Bars: the share of runs; lines: the 95% interval (Wilson).' }));
      const table = h('div', { class: 'wn-bars' });
      for (const o of outs) {
        const p = share(o.p, scale), lo = share(o.low, scale), hi = share(o.high, scale);
        const fill = h('div', { class: 'bar-fill' });
        const ci = h('div', { class: 'bar-ci' });
        fill.style.width = (100 * p).toFixed(2) + '%';
        ci.style.left = (100 * lo).toFixed(2) + '%';
        ci.style.width = Math.max(0, 100 * (hi - lo)).toFixed(2) + '%';
        const label = (100 * p).toFixed(1) + '% [' + (100 * lo).toFixed(1) + ', ' + (100 * hi).toFixed(1) + ']';
        table.append(h('div', { class: 'wn-label', text: str(o.outcome) }),
          h('div', { class: 'bar', role: 'img', 'aria-label': str(o.outcome) + ': ' + label }, fill, ci),
          h('div', { class: 'wn-num', text: label }));
      }
      body.push(table);
      const metrics = arr(w.metrics);
      if (metrics.length) {
        body.push(h('details', { class: 'metrics' }, h('summary', { text: 'Metrics at the end (mean, 95% interval)' }),
          h('ul', {}, metrics.map((m) => h('li', { text: str(m.name) + ': ' + human(m.mean, 3) + ' [' + human(m.low, 3) + ', ' + human(m.high, 3) + ']' })))));
      }
      body.push(h('div', { class: 'row' }, h('button', { type: 'button', 'data-key': 'wn-again', onclick: startWhatNext }, 'Run again'),
        h('button', { type: 'button', 'data-key': 'wn-close', onclick: closeWhatNext }, 'Close')));
    }
    keepFocus(E.wnPanel, () => E.wnPanel.replaceChildren(head, ...body));
  }

  function closeWhatNext() {
    S.wnOpen = false;
    renderWhatNext();
    if (E.whatNext) E.whatNext.focus({ preventScroll: true });
  }

  // -- the map and what happened (both) --

  function renderMapAndHappened() {
    if (!E.mapBox || !S.st) return;
    const g = S.st.game;
    const first = typeof g.first_turn === 'number' ? g.first_turn : 0;
    const loading = typeof S.want === 'number';
    const past = S.past;
    const at = shownTurn();
    E.prev.disabled = at <= first;
    E.next.disabled = !past && !loading;
    E.now.disabled = !past && !loading;
    E.navLabel.textContent = loading ? 'Turn ' + at + ': loading\u2026'
      : past ? 'Turn ' + past.turn + ': a past turn' : 'Turn ' + g.turn + ': now';
    E.pastBanner.hidden = !past;
    if (past && changed(E.pastBanner, [past.turn, g.turn])) {
      E.pastBanner.replaceChildren(
        h('span', { text: 'A past turn, read only: turn ' + past.turn + '. The game is at turn ' + g.turn + '.' }),
        h('button', { type: 'button', class: 'small', onclick: goNow }, 'Back to now'));
    }
    document.documentElement.classList.toggle('viewing-past', !!past);
    showSvg(past ? past.svg : S.map && S.map.svg, past ? past.turn : g.turn);
    if (past) renderHappened(past.turn, past.happened, first);
    else renderHappened(S.st.happened ? S.st.happened.turn : null, S.st.happened, first);
  }

  function renderHappened(turn, happened, first) {
    // `happened` is {turn, groups} (as in state) or the groups alone
    const groups = Array.isArray(happened) ? happened : arr(happened && happened.groups);
    if (!changed(E.happened, [turn, groups])) return;
    E.happenedTitle.textContent = typeof turn === 'number' ? 'What happened in turn ' + turn : 'What happened';
    E.happenedBody.replaceChildren();
    if (turn === null || turn === undefined || turn <= first) {
      E.happenedBody.append(h('p', { class: 'muted', text: 'The game starts here.' }));
      return;
    }
    if (!groups.length) {
      E.happenedBody.append(h('p', { class: 'muted', text: 'Nothing of note happened.' }));
      return;
    }
    for (const gr of groups) {
      E.happenedBody.append(h('h3', { text: str(gr.title) }));
      const ul = h('ul');
      for (const l of arr(gr.lines)) {
        ul.append(h('li', {}, h('p', { class: 'line-text', text: str(l.text) }),
          l.why ? h('p', { class: 'why', text: str(l.why) }) : null));
      }
      E.happenedBody.append(ul);
    }
  }

  // the map: parsed as SVG, refused if it could run anything, imported, scaled to fit
  function showSvg(text, turn) {
    if (!E.mapBox) return;
    text = typeof text === 'string' ? text : '';
    if (text === S.shownSvg && E.mapBox.firstChild) return;
    S.shownSvg = text;
    if (!text) {
      E.mapBox.replaceChildren(h('p', { class: 'muted map-missing', text: 'The map is on its way\u2026' }));
      return;
    }
    const svg = importSvg(text);
    if (!svg) {
      E.mapBox.replaceChildren(h('p', { class: 'muted map-missing', text: 'The map could not be shown.' }));
      return;
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'The map at turn ' + turn);
    E.mapBox.replaceChildren(svg);
  }

  function importSvg(text) {
    // refused before parsing too: an inline handler would be reported by the CSP even in
    // an inert document
    if (/<\s*script\b/i.test(text) || /[\s"'\/]on[a-z]+\s*=/i.test(text)) return null;
    // the CSP refuses a style element and style attributes (the presentation is in
    // attributes, the fonts in app.css): taken out first, so that parsing reports nothing
    text = text.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '').replace(/<style\b[^>]*\/>/gi, '')
      .replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, '');
    let doc;
    try {
      doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    } catch (e) {
      return null;
    }
    const root = doc.documentElement;
    if (!root || root.namespaceURI !== SVGNS || root.localName !== 'svg') return null;
    if (doc.getElementsByTagName('parsererror').length) return null;
    const strip = [];
    for (const n of doc.getElementsByTagName('*')) {
      const name = n.localName.toLowerCase();
      if (name === 'script' || name === 'foreignobject' || name === 'iframe' || name === 'embed' || name === 'object') return null;
      if (name === 'style') { strip.push(n); continue; }  // the page's CSP refuses it anyway; app.css has the fonts
      for (const a of Array.from(n.attributes)) {
        const an = a.localName.toLowerCase();
        if (an.startsWith('on')) return null;
        if ((an === 'href' || an === 'src' || an === 'action' || an === 'formaction') &&
            /^\s*(javascript|vbscript):/i.test(a.value.replace(/[\u0000-\u0020]/g, ''))) return null;
        if (an === 'style') n.removeAttribute(a.name);  // refused by the CSP: attributes carry the look
      }
    }
    for (const n of strip) n.remove();
    // a viewBox to scale by: its own, else its width and height
    if (!root.getAttribute('viewBox')) {
      const w = parseFloat(root.getAttribute('width'));
      const hh = parseFloat(root.getAttribute('height'));
      if (!(w > 0 && hh > 0)) return null;
      root.setAttribute('viewBox', '0 0 ' + w + ' ' + hh);
    }
    const vb = root.getAttribute('viewBox').trim().split(/[\s,]+/).map(Number);
    root.removeAttribute('width');
    root.removeAttribute('height');
    root.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    root.setAttribute('focusable', 'false');
    const svg = document.importNode(root, true);
    svg.classList.add('map-svg');
    if (vb.length === 4 && vb[2] > 0 && vb[3] > 0) {
      svg.style.aspectRatio = vb[2] + ' / ' + vb[3];
      svg.style.setProperty('--ar', String(vb[2] / vb[3]));
    }
    return svg;
  }

  // ---- keys ---------------------------------------------------------------------------

  function onKey(ev) {
    if (!E.content || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'Escape' && S.wnOpen) { closeWhatNext(); ev.preventDefault(); return; }
    if (typing(ev.target) || ev.repeat) return;
    if (ev.key === 'ArrowLeft') { stepView(-1); ev.preventDefault(); }
    else if (ev.key === 'ArrowRight') { stepView(1); ev.preventDefault(); }
    else if (ev.key === 'End') { goNow(); ev.preventDefault(); }
  }

  // ---- start ----------------------------------------------------------------------------

  function start() {
    S.token = readToken();
    if (!S.token) {
      if (S.ws) { const ws = S.ws; S.ws = null; ws.close(); }
      clearTimeout(S.retryTimer);
      pageNoToken();
      return;
    }
    if (S.ws) { const ws = S.ws; S.ws = null; ws.close(); }
    S.stopped = false;
    S.everWelcomed = false;
    S.st = null;
    S.map = null;
    S.shownSvg = null;
    S.role = null;
    for (const k of Object.keys(E)) delete E[k];
    pageMessage('Brink', ['Connecting\u2026']);
    E.msgLine = document.querySelector('.message-page p');
    connect();
  }

  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', start);
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) retryNow(); });
  setInterval(tick, 250);
  start();
})();
