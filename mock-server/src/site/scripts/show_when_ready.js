// `?show_when_ready=1` (spec E2): the moment `Herodesk.isReady` turns true, call `show` and
// note whether the widget's iframe was already in the page. A page waiting for isReady does
// exactly this; "ready" that comes before the widget can act is a broken promise.
// It runs before the page clock and keeps the real timers, as the guest watch does: on the
// virtual clock its 1 ms interval would make every run of the clock fire thousands of
// callbacks, each one a real macrotask of fake-timers' tickAsync (3 s ahead took 12 s).
(function () {
  var setRealInterval = window.setInterval.bind(window);
  var clearRealInterval = window.clearInterval.bind(window);
  var timer = setRealInterval(function () {
    if (!window.Herodesk || window.Herodesk.isReady !== true) return;
    clearRealInterval(timer);
    // ready_after_script.js may have seen the moment first.
    window.hostPage.readyCheck = window.hostPage.readyCheck || {
      frame: !!document.querySelector('iframe[data-herodesk-frame]')
    };
    window.Herodesk('show');
  }, 1);
})();
