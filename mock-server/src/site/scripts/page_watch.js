// The host page's own watch, run before anything else on every host page: it records what
// the console was told, every uncaught error and unhandled rejection (with its source), and
// every Content-Security-Policy violation the page sees. Errors also go to the host site as a
// beacon, so the mock's journal keeps them after the page is gone (spec I4 is checked at the
// end of every scenario, over every page it loaded). `window.hostPage` is set just before.
(function () {
  var page = window.hostPage;
  var stringify = JSON.stringify;
  // How the suite reads the page's records: as JSON text made in the page's own realm, with
  // a clean Array.prototype.toJSON, so a polluted page (I2) cannot turn arrays into strings
  // on the way, whatever the driver's own serialisation does.
  page.dump = function (value) {
    var saved = Object.getOwnPropertyDescriptor(Array.prototype, 'toJSON');
    if (saved) delete Array.prototype.toJSON;
    try { return value === undefined ? null : stringify(value); } finally {
      if (saved) Object.defineProperty(Array.prototype, 'toJSON', saved);
    }
  };
  window.hostConsole = [];
  ['error', 'warn', 'info', 'log'].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      hostConsole.push({ level: level, text: Array.prototype.map.call(arguments, String).join(' ') });
      return original.apply(console, arguments);
    };
  });

  window.hostErrors = [];
  function text(value) {
    try { return String(value); } catch (e) { return '(unprintable)'; }
  }
  function report(entry) {
    entry.page = page.id;
    hostErrors.push(entry);
    try { navigator.sendBeacon(page.errorsUrl, page.dump(entry)); } catch (e) { /* best effort */ }
  }
  window.addEventListener('error', function (e) {
    report({
      kind: 'error',
      message: text(e.message),
      source: e.filename || '',
      line: e.lineno || 0,
      column: e.colno || 0,
      stack: e.error && e.error.stack ? text(e.error.stack) : ''
    });
  });
  window.addEventListener('unhandledrejection', function (e) {
    var reason = e.reason;
    report({
      kind: 'unhandledrejection',
      message: reason && reason.message !== undefined ? text(reason.message) : text(reason),
      source: '',
      line: 0,
      column: 0,
      stack: reason && reason.stack ? text(reason.stack) : ''
    });
  });

  window.hostCspViolations = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    hostCspViolations.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample
    });
  });

  window.hostEvents = [];

  // Spec D2: the contact states the widget's frame shows, from its first frame on. An observer
  // on the page sees the frame the moment it is added (after the script that added it, before
  // anything is painted) and then every change of `data-herodesk-contact-state` in it. A
  // cross-origin frame cannot be watched from here: it is noted as `unobservable`.
  page.contactStates = [];
  function noteState(doc) {
    var el = doc.querySelector('[data-herodesk-contact]');
    var state = el && el.getAttribute('data-herodesk-contact-state');
    var states = page.contactStates;
    if (state && states[states.length - 1] !== state) states.push(state);
  }
  function watchFrame(frame) {
    var doc = null;
    try { doc = frame.contentDocument; } catch (e) { doc = null; }
    if (!doc) {
      page.contactStates.push('unobservable');
      return;
    }
    noteState(doc);
    new MutationObserver(function () { noteState(doc); }).observe(doc, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['data-herodesk-contact-state']
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType !== 1 || node.tagName !== 'IFRAME') return;
        watchFrame(node);
        node.addEventListener('load', function () { watchFrame(node); });
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
