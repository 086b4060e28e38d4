
  }());
  var clock = module.exports.withGlobal(window).install({
    now: Date.now(),
    // Only the timers a widget schedules with. `Date` stays real: a faked Date stands still
    // within a task, so a widget that spins on `Date.now()` (a short busy wait) would hang the
    // page forever and be failed wrongly; `performance` and animation frames stay real too
    // (the guest watch and the engines' own measures read them).
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"],
    shouldAdvanceTime: true,
    advanceTimeDelta: 20,
    loopLimit: 100000
  });
  var pageClock = {
    // Runs every timer due within `ms` of the page clock's now, then answers the new now.
    // A timer callback that throws is the widget's uncaught error: it is passed on as one.
    runFor: function (ms) {
      return clock.tickAsync(ms).then(
        function () { return { now: clock.now }; },
        function (e) { return { now: clock.now, threw: String(e && e.stack || e) }; }
      );
    },
    now: function () { return clock.now; },
    // Stops the clock where it is (no timer of the page runs) until `resume`: what happens
    // meanwhile comes from timers the page clock does not reach.
    pause: function () { clock.setTickMode({ mode: "manual" }); },
    resume: function () { clock.setTickMode({ mode: "interval", delta: 20 }); }
  };
  Object.defineProperty(window, "__herodeskPageClock", { value: Object.freeze(pageClock) });
}());
