// Taken just before the widget script: the page's globals and the built-ins a widget could
// change (spec I5). `hostSnapshot.newGlobals()` and `hostSnapshot.changedBuiltins()` tell,
// later, what the widget added or changed.
(function () {
  var before = Object.getOwnPropertyNames(window);
  before.push('hostSnapshot');
  var known = {};
  before.forEach(function (name) { known[name] = true; });

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
  var saved = watched.map(function (w) { return { name: w[0], target: w[1], only: w[2], props: describe(w[1], w[2]) }; });
  function same(a, b) {
    if (!a || !b) return a === b;
    return a.value === b.value && a.get === b.get && a.set === b.set;
  }

  window.hostSnapshot = {
    // Globals the page did not have before the widget script (frame indices aside).
    newGlobals: function () {
      return Object.getOwnPropertyNames(window).filter(function (name) {
        return !known[name] && !/^\d+$/.test(name);
      });
    },
    // `Array.prototype.foo added`, `window.fetch replaced`, …
    changedBuiltins: function () {
      var changes = [];
      saved.forEach(function (s) {
        var now = describe(s.target, s.only);
        now.forEach(function (d, key) {
          var label = s.name + '.' + String(key);
          if (!s.props.has(key)) changes.push(label + ' added');
          else if (!same(s.props.get(key), d)) changes.push(label + ' replaced');
        });
        s.props.forEach(function (d, key) {
          if (!now.has(key) || (d && !now.get(key))) changes.push(s.name + '.' + String(key) + ' removed');
        });
      });
      return changes;
    }
  };
})();
