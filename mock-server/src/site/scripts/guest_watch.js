// The host page's record of how the widget behaves as a guest (spec I6, I7), run right after
// the page's own watch and before anything else of the page, so it keeps the browser's real
// timers whatever a later script (a virtual clock, the widget) does to them.
//
// - I6, the main thread: a heartbeat on the page's main thread notes every gap longer than
//   it should be once the page is parsed; a heartbeat in a worker of the page's own origin
//   notes its own gaps. A stall of the machine (a loaded CI runner) delays both; a script
//   holding the page's main thread delays only the first. The suite charges the widget with
//   a gap less the worker's gaps over the same time. Where the engine has the Long Animation
//   Frames API (Chromium), its entries name the script that ran.
//   The heartbeat counts once the page is parsed (from the end of `DOMContentLoaded`, so the
//   load handlers of the widget's iframe count, which the page's own `load` waits for); the
//   `DOMContentLoaded` handlers (the widget's among them, once its script has run) are timed
//   as one span. Only the parser's own work, and the scripts it runs, go uncounted.
// - I7, the page's own elements: an observer notes every change to an element the site made
//   (the page's `<main data-host-page>`, its scripts, the head's elements, the attributes of
//   html, head and body elements, the document itself rewritten by `document.open`). Adding
//   elements of one's own to the body or head is not a change of the site's elements; a
//   stylesheet of one's own that restyles the site's elements is (see `checkStyles`).
// - I7, the page's address: the heartbeat notes every change of `location.href` that is no
//   new page load (`history.pushState`/`replaceState`, a fragment).
// - I7, windows: every call of `window.open`, the page's own and its frames' (a pop-up
//   blocker may stop a call made from a timer, so the windows the browser holds at the end
//   do not tell every try).
// What a page saw is sent as a beacon when the page goes away, so a scenario of several page
// loads is judged over all of them; the page in the browser is read directly.
(function () {
  var page = window.hostPage;
  var realSetTimeout = window.setTimeout.bind(window);
  var perf = window.performance;
  var origin = perf.timeOrigin || Date.now() - perf.now();
  function now() { return origin + perf.now(); }
  var BEAT_MS = 50;
  var MAX_CHANGES = 50;

  var guest = window.hostGuest = {
    page: page.id,
    // Main-thread gaps once the page was parsed: [start, end] in ms since the epoch.
    gaps: [],
    // The worker's own gaps over the same clock.
    workerGaps: [],
    // Whether a worker heartbeat ran at all (false where the page may not start one).
    worker: false,
    // Long animation frames (Chromium): start, duration and the scripts that ran.
    frames: [],
    // Times the page was hidden (timers are throttled then: no gap counts).
    hidden: [],
    // Changes to the site's own elements, in words.
    changes: [],
    changeCount: 0,
    // Changes of the page's address without a new page load: [from, to].
    addressChanges: [],
    addressChangeCount: 0,
    // Calls of window.open (the page's and its frames').
    windowOpenCount: 0,
    // Calls of history.pushState / replaceState (the page's and its frames'): the first 10,
    // and how many in all.
    historyCalls: [],
    historyCallCount: 0,
    // Heartbeats since the script ran: how long the page has been given the time to run its
    // own code (a stalled machine or a held main thread beats less), for the suite's reaction
    // bound (docs/widget-contract.md, "How soon").
    beats: 0
  };

  // --- I6: heartbeats ---
  var counting = false;
  var last = now();
  var href = String(location.href);
  function beat() {
    var t = now();
    guest.beats++;
    if (counting && t - last > 2 * BEAT_MS) guest.gaps.push([last, t]);
    last = t;
    var h = String(location.href);
    if (h !== href) {
      guest.addressChangeCount++;
      if (guest.addressChanges.length < 10) guest.addressChanges.push([href, h]);
      href = h;
    }
    realSetTimeout(beat, BEAT_MS);
  }
  // The DOMContentLoaded handlers, timed from the first (a capturing listener of the window,
  // which runs before any listener of the document) to the last (a bubbling listener of the
  // window, which runs after them).
  var contentLoaded = 0;
  window.addEventListener('DOMContentLoaded', function () { contentLoaded = now(); }, true);
  window.addEventListener('DOMContentLoaded', function () {
    var t = now();
    if (t - contentLoaded > 2 * BEAT_MS) guest.gaps.push([contentLoaded, t]);
    counting = true;
    last = t;
  });
  realSetTimeout(beat, BEAT_MS);
  document.addEventListener('visibilitychange', function () {
    guest.hidden.push([now(), document.visibilityState]);
  });
  try {
    var worker = new Worker(page.guestWorkerUrl);
    worker.onmessage = function (e) {
      if (e.data === 'ready') guest.worker = true;
      else if (e.data && e.data.gap) guest.workerGaps.push(e.data.gap);
    };
    worker.postMessage({ beatMs: BEAT_MS });
  } catch (e) { /* a page that may not start workers: gaps are judged without it */ }
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (entry) {
        if (entry.duration < 150) return;
        guest.frames.push({
          start: origin + entry.startTime,
          duration: entry.duration,
          scripts: (entry.scripts || []).map(function (s) {
            return { source: String(s.sourceURL || s.name || ''), duration: s.duration };
          })
        });
      });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) { /* not in this engine */ }

  // --- I7: windows ---
  function watchOpen(win) {
    try {
      if (!win || win.__hostGuestOpen) return;
      var realOpen = win.open;
      win.open = function () {
        guest.windowOpenCount++;
        return realOpen.apply(this, arguments);
      };
      win.__hostGuestOpen = true;
    } catch (e) { /* a frame of another origin: its windows are counted by the browser */ }
  }
  watchOpen(window);

  // --- I7: the page's history ---
  // `history.pushState` and `replaceState` change the page's history in place even when the
  // address stays the same (an entry that makes the site's Back button close a chat instead
  // of leaving, a state the site's router reads): every call is counted, the page's own and
  // its frames' (a frame's entries join the page's session history). Wrapped on the history
  // object itself, so `History.prototype` stays as the site made it.
  function watchHistory(win) {
    try {
      var h = win && win.history;
      if (!h || h.__hostGuestHistory) return;
      ['pushState', 'replaceState'].forEach(function (method) {
        var real = h[method];
        h[method] = function () {
          guest.historyCallCount++;
          if (guest.historyCalls.length < 10) guest.historyCalls.push(method + (win === window ? '' : ' (in a frame)'));
          return real.apply(this, arguments);
        };
      });
      h.__hostGuestHistory = true;
    } catch (e) { /* a frame of another origin: its address changes are its own */ }
  }
  watchHistory(window);
  // A frame's window is new once its document loads: watch it when it is added and on load.
  function watchFrames(root) {
    if (!root || !root.querySelectorAll) return;
    var frames = root.tagName === 'IFRAME' ? [root] : root.querySelectorAll('iframe');
    Array.prototype.forEach.call(frames, function (f) {
      watchOpen(f.contentWindow);
      watchHistory(f.contentWindow);
      f.addEventListener('load', function () {
        watchOpen(f.contentWindow);
        watchHistory(f.contentWindow);
      });
    });
  }

  // --- I7: the site's own elements ---
  var own = new WeakSet();
  [document.documentElement, document.head].forEach(function (n) { own.add(n); });
  Array.prototype.forEach.call(document.head.childNodes, function (n) { own.add(n); });
  function isSites(node) {
    if (!node) return false;
    if (own.has(node) || node === document.body) return true;
    var el = node.nodeType === 1 ? node : node.parentElement;
    if (!el) return false;
    return el.hasAttribute('data-host-script') || !!el.closest('[data-host-page]');
  }
  function name(node) {
    if (!node) return '(nothing)';
    if (node.nodeType === 3) return 'text';
    if (node.nodeType !== 1) return node.nodeName;
    return '<' + node.tagName.toLowerCase() + (node.hasAttribute('data-host-page') ? ' data-host-page' : '') + '>';
  }
  // The parser itself inserts the site's elements and appends their text, and its records
  // may be delivered after DOMContentLoaded: every node of the site's parsed by then is the
  // site's own, and an append to a text node of the site's is the parser's.
  var parsed = false;
  document.addEventListener('DOMContentLoaded', function () {
    var walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ALL);
    for (var n = walker.currentNode; n; n = walker.nextNode()) {
      if (isSites(n)) own.add(n);
    }
    parsed = true;
  });
  function parsersAppend(r) {
    return own.has(r.target) && r.oldValue !== null && r.target.data.indexOf(r.oldValue) === 0;
  }
  // What a guest may add to the site's <head>: its styles and scripts, and hints for loading
  // them. Any other element there speaks for the site's document (a `<meta name=viewport>`
  // that stops zooming, a `<base>`, a `<title>`, an icon, a manifest, a canonical address).
  var HEAD_LINKS = /^(stylesheet|preload|modulepreload|prefetch|preconnect|dns-prefetch)$/i;
  function stylesOrScripts(el) {
    var tag = el.tagName;
    if (tag === 'STYLE' || tag === 'SCRIPT' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return true;
    if (tag !== 'LINK') return false;
    var rels = String(el.getAttribute('rel') || '').split(/\s+/).filter(Boolean);
    return rels.length > 0 && rels.every(function (r) { return HEAD_LINKS.test(r); });
  }
  function describeHeadElement(el) {
    var what = el.getAttribute('name') || el.getAttribute('rel') || el.getAttribute('http-equiv');
    return '<' + el.tagName.toLowerCase() + (what ? ' ' + what : '') + '>';
  }
  function note(words) {
    guest.changeCount++;
    if (guest.changes.length < MAX_CHANGES) guest.changes.push(words);
  }
  function isRoot(node) {
    return node === document || node === document.documentElement || node === document.head || node === document.body;
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      var target = r.target;
      Array.prototype.forEach.call(r.addedNodes, watchFrames);
      if (r.type === 'attributes') {
        // Under a Content-Security-Policy the browser itself hides a script's nonce.
        if (r.attributeName !== 'nonce' && isSites(target)) {
          var value = target.getAttribute(r.attributeName);
          if (value !== r.oldValue) note('changed the attribute `' + r.attributeName + '` of ' + name(target));
        }
      } else if (r.type === 'characterData') {
        // While the page loads, the parser itself still adds text.
        if (parsed && !parsersAppend(r) && !isRoot(target.parentNode) && isSites(target.parentNode)) note('changed the text of ' + name(target.parentNode));
      } else if (isRoot(target)) {
        Array.prototype.forEach.call(r.removedNodes, function (n) {
          if (n.nodeType === 1 && (own.has(n) || n.hasAttribute('data-host-page') || n.hasAttribute('data-host-script'))) {
            note('removed ' + name(n) + ' from the page');
          }
        });
        if (target === document.head && parsed) {
          Array.prototype.forEach.call(r.addedNodes, function (n) {
            if (n.nodeType === 1 && !stylesOrScripts(n)) note('added ' + describeHeadElement(n) + ' to the site\'s <head>');
          });
        }
      } else if (isSites(target)) {
        var added = Array.prototype.filter.call(r.addedNodes, function (n) { return !own.has(n); });
        if (added.length && parsed) note('inserted ' + name(added[0]) + ' into ' + name(target));
        if (r.removedNodes.length) note('removed ' + name(r.removedNodes[0]) + ' from ' + name(target));
      }
    });
  }).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
    attributeOldValue: true, characterDataOldValue: true
  });

  // --- I7: the site's elements as they look ---
  // A stylesheet of the widget's own (a <style> or <link> it added, a sheet it adopted) can
  // restyle the site's elements without touching them (`body { overflow: hidden }`, `* {...}`).
  // Asked when the suite reads this record and when the page goes away: every computed
  // property of the site's rendered elements, read with the widget's sheets on and then off.
  // Sizes the layout gives (width, height, offsets, origins) are left out: the widget's own
  // elements in the page's flow change those, and adding elements of its own is allowed.
  // Custom properties (`--name`) are left out too: they style nothing by themselves.
  var LAYOUT = /^(-webkit-)?(width|height|inline-size|block-size|top|right|bottom|left|inset(-.*)?|transform-origin|perspective-origin|logical-width|logical-height)$/;
  var MAX_STYLED = 200;
  var restyled = {};
  function sitesSheet(sheet) { return !!sheet.ownerNode && isSites(sheet.ownerNode); }
  function look(elements) {
    return elements.map(function (el) {
      var cs = window.getComputedStyle(el), values = {};
      for (var i = 0; i < cs.length; i++) {
        var p = cs[i];
        if (p.indexOf('--') !== 0 && !LAYOUT.test(p)) values[p] = cs.getPropertyValue(p);
      }
      return values;
    });
  }
  // Computed styles do not show what a rule does to a pseudo-element (`::-webkit-scrollbar`,
  // `::selection`, `::placeholder`, `::before`): a rule of the widget's own sheets for one
  // whose element part selects an element of the site's restyles that element too.
  var PSEUDO = /::?(before|after|first-line|first-letter|selection|placeholder|marker|backdrop|file-selector-button|-webkit-[\w-]+|-moz-[\w-]+)(\([^)]*\))?/gi;
  function rulesOf(list, out) {
    Array.prototype.forEach.call(list || [], function (rule) {
      if (rule.selectorText) out.push(rule.selectorText);
      try { if (rule.cssRules) rulesOf(rule.cssRules, out); } catch (e) { /* not a group */ }
    });
    return out;
  }
  function pseudoRules(sheets, elements) {
    sheets.forEach(function (sheet) {
      var selectors;
      try { selectors = rulesOf(sheet.cssRules, []); } catch (e) { return; /* another origin's sheet */ }
      selectors.forEach(function (text) {
        text.split(',').forEach(function (one) {
          if (!PSEUDO.test(one)) return;
          PSEUDO.lastIndex = 0;
          var element = one.replace(PSEUDO, '').trim();
          if (!element || /[>+~]$/.test(element)) element += '*';
          var key = 'pseudo ' + one.trim();
          if (restyled[key]) return;
          var hit = elements.filter(function (el) {
            try { return el.matches(element); } catch (e) { return false; }
          })[0];
          if (!hit) return;
          restyled[key] = true;
          note('restyled ' + name(hit) + ' with a stylesheet of its own: a rule for `' + one.trim() + '`');
        });
      });
    });
  }
  guest.checkStyles = function () {
    try {
      var sheets = Array.prototype.filter.call(document.styleSheets, function (s) {
        return !s.disabled && !sitesSheet(s);
      }).concat(Array.prototype.filter.call(document.adoptedStyleSheets || [], function (s) {
        return !s.disabled;
      }));
      if (!sheets.length || !document.body) return;
      var elements = [document.documentElement, document.body].concat(Array.prototype.slice.call(
        document.querySelectorAll('[data-host-page], [data-host-page] *'), 0, MAX_STYLED));
      var withThem = look(elements), without;
      sheets.forEach(function (s) { s.disabled = true; });
      try { without = look(elements); } finally {
        sheets.forEach(function (s) { s.disabled = false; });
      }
      pseudoRules(sheets, elements);
      elements.forEach(function (el, k) {
        Object.keys(withThem[k]).forEach(function (p) {
          var is = withThem[k][p], was = without[k][p];
          var key = name(el) + ' ' + p;
          if (was === undefined || was === is || restyled[key]) return;
          restyled[key] = true;
          note('restyled ' + name(el) + ' with a stylesheet of its own: `' + p + '` is `' + is +
            '` (the site\'s: `' + was + '`)');
        });
      });
    } catch (e) { /* a page the widget broke: what it did is told by the other records */ }
  };

  // --- I7: the site's form fields and window.name ---
  // Values the site's fields hold (a newsletter's email) and the page's `window.name` are the
  // site's state, which no attribute or element shows: read when the page is parsed and
  // compared when the suite reads this record and when the page goes away. A build that
  // fills the site's fields "to save typing" or keeps a session in `window.name` (which
  // outlives the page, to the next site the tab visits) changes the page as the site made it.
  var windowName = String(window.name);
  var fields = [];
  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-host-page] input, [data-host-page] textarea, [data-host-page] select'), function (el) {
      fields.push({ el: el, value: el.value, checked: el.checked });
    });
  });
  var fieldsSaid = {};
  guest.checkFields = function () {
    try {
      fields.forEach(function (f) {
        var said = 'changed the value of the site\'s ' + name(f.el).replace('>', ' name=' + (f.el.name || '') + '>');
        if ((f.el.value !== f.value || f.el.checked !== f.checked) && !fieldsSaid[said]) {
          fieldsSaid[said] = true;
          note(said);
        }
      });
      if (String(window.name) !== windowName && !fieldsSaid.name) {
        fieldsSaid.name = true;
        note('set the page\'s window.name (' + JSON.stringify(String(window.name).slice(0, 40)) + ')');
      }
    } catch (e) { /* a page the widget broke: what it did is told by the other records */ }
  };

  // --- I7: the site's own events ---
  // A listener of the widget's on the window or the document (a keyboard shortcut, a "click
  // outside closes the chat") can stop the site's own events before they reach the site, or
  // cancel what they do. Asked when the suite reads this record, at the end of a scenario:
  // events the visitor could give the site's heading are dispatched at it, and each must reach
  // a listener there, not cancelled. Synthetic events (a build that looks at `isTrusted`
  // passes); the widget may react to them, which no longer matters then.
  var PROBE_KEYS = ['/', '?', 'Escape', 'Enter', ' ', 'a', 'ArrowDown', 'Tab'];
  guest.swallowed = [];
  function tryEvent(target, event, what) {
    var reached = false;
    function mark() { reached = true; }
    target.addEventListener(event.type, mark);
    try { target.dispatchEvent(event); } finally { target.removeEventListener(event.type, mark); }
    var how = !reached ? 'stopped before the site\'s own listeners'
      : event.defaultPrevented ? 'its default action cancelled' : '';
    var said = what + ' (' + how + ')';
    if (how && guest.swallowed.indexOf(said) < 0) guest.swallowed.push(said);
  }
  guest.checkEvents = function () {
    try {
      var main = document.querySelector('[data-host-page]');
      if (!main) return;
      var target = main.querySelector('h1') || main;
      PROBE_KEYS.forEach(function (key) {
        tryEvent(target, new KeyboardEvent('keydown', { key: key, bubbles: true, cancelable: true }),
          'keydown of "' + key + '"');
      });
      ['mousedown', 'mouseup', 'click'].forEach(function (type) {
        tryEvent(target, new MouseEvent(type, { bubbles: true, cancelable: true, view: window }), type);
      });
      // A touch screen's visitor reaches the site through pointer and touch events first.
      if (typeof PointerEvent === 'function') {
        ['pointerdown', 'pointerup'].forEach(function (type) {
          tryEvent(target, new PointerEvent(type, { bubbles: true, cancelable: true, view: window, pointerType: 'touch', isPrimary: true }), type);
        });
      }
      try {
        var touch = new Touch({ identifier: 1, target: target, clientX: 10, clientY: 10 });
        ['touchstart', 'touchend'].forEach(function (type) {
          tryEvent(target, new TouchEvent(type, { bubbles: true, cancelable: true, touches: type === 'touchstart' ? [touch] : [], changedTouches: [touch] }), type);
        });
      } catch (e) { /* an engine without touch events (desktop Firefox) */ }
      tryEvent(target, new WheelEvent('wheel', { bubbles: true, cancelable: true, deltaY: 100 }), 'wheel');
      tryEvent(target, new MouseEvent('contextmenu', { bubbles: true, cancelable: true, view: window }), 'contextmenu');
      // The visitor copies what they selected: the heading's text is selected for these.
      var selection = window.getSelection();
      try {
        if (selection) selection.selectAllChildren(target);
        ['copy', 'cut', 'paste'].forEach(function (type) {
          var data = null;
          try { data = new DataTransfer(); } catch (e) { /* an engine without the constructor */ }
          tryEvent(target, new ClipboardEvent(type, { bubbles: true, cancelable: true, clipboardData: data }), type);
        });
      } finally {
        if (selection) selection.removeAllRanges();
      }
    } catch (e) { /* a page the widget broke: what it did is told by the other records */ }
  };

  // --- I7: the keyboard focus ---
  // The visitor's keys belong to the site until the visitor acts on the widget or its panel is
  // open: a build that moves the focus into its own elements (its iframe, its input) while its
  // panel is closed and the visitor did nothing (at load, on a boot, when a reply comes) takes
  // the site's keystrokes (a search box, a form) and its page scrolling. A move is judged when
  // the host page's window loses the focus (to a frame) or an element of the page gains it:
  // it is the visitor's own when the page has transient user activation (a click or a key
  // propagates activation to the page from any of its frames) and the widget's to make while
  // `Herodesk.isVisible` is true, now or half a second later (a panel opened as it is focused).
  // Not judged in WebKit: its driver moves the focus into a frame it enters to read it (the
  // reference, which never focuses anything itself, was seen taking it), so the widget's
  // moves cannot be told from the suite's there. Chromium's and Firefox's drivers do not.
  guest.focusTaken = [];
  var ua = navigator.userAgent;
  var judgesFocus = !/AppleWebKit/.test(ua) || /Chrome\//.test(ua);
  function shown() {
    try { return !!window.Herodesk && window.Herodesk.isVisible === true; } catch (e) { return false; }
  }
  function focusMoved() {
    if (!judgesFocus) return;
    var active = document.activeElement;
    if (!active || active === document.body || active === document.documentElement || isSites(active)) return;
    if (!navigator.userActivation || navigator.userActivation.isActive || shown()) return;
    realSetTimeout(function () {
      if (document.activeElement !== active || shown()) return;
      var said = 'to ' + name(active);
      if (guest.focusTaken.indexOf(said) < 0) guest.focusTaken.push(said);
    }, 500);
  }
  window.addEventListener('blur', function () { realSetTimeout(focusMoved, 0); });
  document.addEventListener('focusin', function () { realSetTimeout(focusMoved, 0); }, true);

  // The suite's record of this page, for a beacon when it goes away.
  window.addEventListener('pagehide', function () {
    var t = now();
    guest.checkStyles();
    guest.checkFields();
    try { navigator.sendBeacon(page.guestUrl, page.dump(guest)); } catch (e) { /* best effort */ }
    ours += now() - t;
  });

  // --- I6: leaving the page ---
  // The heartbeat stops with the page, so the handlers a page runs as it goes away (`pagehide`,
  // then `visibilitychange` to hidden) are timed as one span, from the first `pagehide`
  // listener (a capturing one of the window's) to the page's next event (`visibilitychange`
  // or `unload`, whichever the engine gives first), less this watch's own record above. The
  // next page waits for that span. A span over the limit goes to the suite as a gap of its
  // own, in a beacon of its own (the record went with the first `pagehide` listeners).
  var hideStart = 0, ours = 0;
  window.addEventListener('pagehide', function () { hideStart = now(); ours = 0; }, true);
  function leaving() {
    if (!hideStart) return;
    var start = hideStart + ours, end = now();
    hideStart = 0;
    if (end - start <= 2 * BEAT_MS) return;
    try {
      navigator.sendBeacon(page.guestUrl, page.dump({ page: guest.page, gaps: [[start, end]], leaving: true }));
    } catch (e) { /* best effort */ }
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') leaving();
  });
  window.addEventListener('unload', leaving);
})();
