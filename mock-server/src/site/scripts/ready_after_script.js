// `?show_when_ready=1`, right after the widget script's own run (spec E2): a widget that is
// already ready when its script ends must have its iframe in the page by then. The interval
// of show_when_ready.js cannot see this moment: a build that says "ready" while it still
// waits for the body to exist turns ready before the interval's first tick.
(function () {
  if (window.hostPage.readyCheck || !window.Herodesk || window.Herodesk.isReady !== true) return;
  window.hostPage.readyCheck = {
    frame: !!document.querySelector('iframe[data-herodesk-frame]')
  };
})();
