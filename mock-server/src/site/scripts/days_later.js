// `?days_later=N` (spec C2, C4): this page's `Date` runs N days ahead of the browser's, as on a
// visit N days after the last one, so what a widget reads of a session's age from `Date` is
// that of a visitor who comes back later. Only the offset changes: `Date` keeps flowing with
// the real clock (a widget that spins on `Date.now()` still gets out), and the browser's own
// cookie expiry stays on the real clock (cookies that live 365 days outlive any N here).
// Replaced before every other script of the page but the watches (the I5 snapshot's `Date` is
// this one), and the name stays `Date` for the page.
(function () {
  var RealDate = window.Date;
  var offset = __DAYS__ * 24 * 60 * 60 * 1000;
  function Date(a, b, c, d, e, f, g) {
    if (!(this instanceof Date)) return new RealDate(RealDate.now() + offset).toString();
    switch (arguments.length) {
      case 0: return new RealDate(RealDate.now() + offset);
      case 1: return new RealDate(a);
      default: return new RealDate(a, b, c === undefined ? 1 : c, d || 0, e || 0, f || 0, g || 0);
    }
  }
  Date.prototype = RealDate.prototype;
  Date.now = function now() { return RealDate.now() + offset; };
  Date.parse = RealDate.parse;
  Date.UTC = RealDate.UTC;
  Object.defineProperty(window, 'Date', { value: Date, writable: true, configurable: true, enumerable: false });
})();
