// Taken just before the widget script: the page's globals and the built-ins a widget could
// change (spec I5). `hostSnapshot.newGlobals()` and `hostSnapshot.changedBuiltins()` tell,
// later, what the widget added or changed.
(function () {
  // Every own key, Symbol-keyed ones too (`window[Symbol.for('loaded')] = true` is a global).
  var known = new Set(Reflect.ownKeys(window));
  known.add('hostSnapshot');

  var WINDOW_MEMBERS = ['fetch', 'XMLHttpRequest', 'JSON', 'console', 'setTimeout',
    'setInterval', 'clearTimeout', 'clearInterval', 'Promise', 'addEventListener',
    'removeEventListener', 'dispatchEvent', 'requestAnimationFrame', 'Array', 'Object',
    'String', 'Number', 'Boolean', 'Function', 'Date', 'Math', 'Symbol', 'Map', 'Set',
    'WeakMap', 'Error', 'RegExp', 'encodeURIComponent', 'decodeURIComponent', 'escape',
    'unescape', 'URL', 'URLSearchParams', 'AbortController', 'MutationObserver', 'Event',
    'CustomEvent', 'onerror', 'onunhandledrejection', 'onload', 'onmessage', 'postMessage',
    'open', 'alert', 'history', 'localStorage', 'sessionStorage', 'navigator', 'location'];
  var watched = [
    ['window', window, WINDOW_MEMBERS],
    ['Object', Object], ['Object.prototype', Object.prototype],
    ['Array', Array], ['Array.prototype', Array.prototype],
    ['String.prototype', String.prototype], ['Function.prototype', Function.prototype],
    ['Number.prototype', Number.prototype], ['Boolean.prototype', Boolean.prototype],
    ['Promise', Promise], ['Promise.prototype', Promise.prototype],
    ['Date.prototype', Date.prototype], ['RegExp.prototype', RegExp.prototype],
    ['Map.prototype', Map.prototype], ['Set.prototype', Set.prototype],
    ['Error.prototype', Error.prototype], ['JSON', JSON], ['Math', Math],
    ['console', console], ['EventTarget.prototype', EventTarget.prototype],
    ['Node.prototype', Node.prototype], ['Element.prototype', Element.prototype],
    ['HTMLElement.prototype', HTMLElement.prototype], ['Document.prototype', Document.prototype],
    ['XMLHttpRequest.prototype', XMLHttpRequest.prototype],
    ['History.prototype', History.prototype], ['Storage.prototype', Storage.prototype]
  ];
  // Every other built-in interface's prototype too (`NodeList`, `HTMLCollection`, `URL`, …:
  // each global function whose name starts with a capital letter). A polyfill that adds
  // `HTMLCollection.prototype.forEach` changes the page's built-ins as surely as one that
  // replaces `Array.prototype.includes`. Their statics are left to the list above (`Number`,
  // `String` among them): this runs on every page load, and a descriptor kept for every
  // static of 800 interfaces is memory each page then carries.
  watched.push(['Number', Number], ['String', String]);
  var listed = {};
  watched.forEach(function (w) { listed[w[0]] = true; });
  Object.getOwnPropertyNames(window).forEach(function (name) {
    // `Herodesk` is the queue stub the widget takes over, not a built-in.
    if (!/^[A-Z]/.test(name) || name === 'Herodesk' || listed[name + '.prototype']) return;
    var d = Object.getOwnPropertyDescriptor(window, name);
    var ctor = d && d.value;
    if (typeof ctor !== 'function' || !ctor.prototype || typeof ctor.prototype !== 'object') return;
    // Loosely: an engine may hand out a new object for a property it keeps; a polyfill
    // replaces functions.
    watched.push([name + '.prototype', ctor.prototype, undefined, true]);
  });
  function keysOf(target, only) {
    return only ? only.slice() : Reflect.ownKeys(target);
  }
  function describe(target, only) {
    var out = new Map();
    keysOf(target, only).forEach(function (key) {
      out.set(key, Object.getOwnPropertyDescriptor(target, key));
    });
    return out;
  }
  var saved = watched.map(function (w) { return { name: w[0], target: w[1], only: w[2], loose: !!w[3], props: describe(w[1], w[2]) }; });
  // The page's event handler properties (`window.onerror = …`, `document.onkeydown = …`) are
  // accessors: setting one leaves its descriptor as it was, so their values are kept apart.
  // A handler the widget sets replaces the site's (an error tracker's `window.onerror`, a
  // shortcut's `document.onkeydown`): each is the site's.
  var handlers = [['window', window], ['document', document]].map(function (h) {
    var values = new Map();
    for (var key in h[1]) {
      if (/^on[a-z]+$/.test(key)) values.set(key, h[1][key]);
    }
    return { name: h[0], target: h[1], values: values };
  });
  function isObject(v) { return v !== null && typeof v === 'object'; }
  function same(a, b, loose) {
    if (!a || !b) return a === b;
    if (loose && isObject(a.value) && isObject(b.value)) return a.get === b.get && a.set === b.set;
    // Object.is: `Number.NaN` is the same NaN it was.
    return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
  }

  window.hostSnapshot = {
    // Globals the page did not have before the widget script (frame indices aside), a
    // Symbol-keyed one as `Symbol(description)`.
    newGlobals: function () {
      return Reflect.ownKeys(window).filter(function (key) {
        return !known.has(key) && !(typeof key === 'string' && /^\d+$/.test(key));
      }).map(String);
    },
    // `Array.prototype.foo added`, `window.fetch replaced`, …
    changedBuiltins: function () {
      var changes = [];
      saved.forEach(function (s) {
        var now = describe(s.target, s.only);
        now.forEach(function (d, key) {
          var label = s.name + '.' + String(key);
          if (!s.props.has(key)) changes.push(label + ' added');
          else if (!same(s.props.get(key), d, s.loose)) changes.push(label + ' replaced');
        });
        s.props.forEach(function (d, key) {
          if (!now.has(key) || (d && !now.get(key))) changes.push(s.name + '.' + String(key) + ' removed');
        });
      });
      handlers.forEach(function (h) {
        h.values.forEach(function (was, key) {
          var is = h.target[key];
          if (is !== was) changes.push(h.name + '.' + key + (was == null ? ' set' : is == null ? ' removed' : ' replaced'));
        });
      });
      return changes;
    }
  };
})();
