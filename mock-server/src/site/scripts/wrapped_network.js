// Profile `wrapped-network` (spec I3): an analytics script wraps `fetch` and
// `XMLHttpRequest` to count the page's calls, before the queue stub. What passed through
// lands in `window.hostNetwork` as `METHOD url` strings.
(function () {
  window.hostNetwork = [];
  var originalFetch = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : (input && input.url) || String(input);
    var method = (init && init.method) || (input && input.method) || 'GET';
    hostNetwork.push(String(method).toUpperCase() + ' ' + new URL(url, location.href).href);
    return originalFetch.apply(this, arguments);
  };
  var originalOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.hostNetworkCall = String(method).toUpperCase() + ' ' + new URL(url, location.href).href;
    return originalOpen.apply(this, arguments);
  };
  var originalSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    if (this.hostNetworkCall) hostNetwork.push(this.hostNetworkCall);
    return originalSend.apply(this, arguments);
  };
})();
