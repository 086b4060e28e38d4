// Profile `polluted` (spec I2): built-ins extended the way older libraries did it, before the
// queue stub. Prototype.js 1.6 gave arrays a `toJSON` that returns a JSON string, so
// `JSON.stringify({a: [1]})` yields `{"a":"[1]"}`; MooTools-era code added enumerable
// methods to `Object.prototype`, which every `for…in` loop then sees.
(function () {
  Array.prototype.toJSON = function () {
    return '[' + Array.prototype.map.call(this, function (v) { return JSON.stringify(v); }).join(',') + ']';
  };
  Object.prototype.hostLibExtend = function (source) {
    for (var k in source) this[k] = source[k];
    return this;
  };
  String.prototype.trim = function () { return this.replace(/^\s+|\s+$/g, ''); };
  String.prototype.hostLibCapitalize = function () { return this.charAt(0).toUpperCase() + this.slice(1); };
  Function.prototype.bind = (function (nativeBind) {
    return function () { return nativeBind.apply(this, arguments); };
  })(Function.prototype.bind);
  Function.prototype.hostLibDefer = function () { return setTimeout(this, 0); };
})();
