// The page clock (`?clock=virtual`, docs/how-a-run-works.md "The page clock"): the timers and
// `Date` of this page replaced by @sinonjs/fake-timers (vendored, pinned in tools/js) before
// the widget's script runs, on the model of Playwright's clock. Time flows as usual (the clock
// follows the real one in 20 ms steps) until the suite fast-forwards it with `runFor`, which
// runs every timer due within that span at once. It runs after the guest watch, which keeps the
// real timers for its heartbeat (spec I6 measures real time).
(function () {
  // fake-timers is a CommonJS module: in a browser the one module it needs is
  // @sinonjs/commons' `global`; Node's own modules it asks for inside `try` blocks.
  var module = { exports: {} };
  var exports = module.exports;
  var require = function (name) {
    if (name === "@sinonjs/commons") return { global: globalThis };
    throw new Error("no module " + name + " in a browser");
  };
  (function () {
