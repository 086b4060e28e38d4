// The host page's reference heartbeat (spec I6), in a worker: it runs beside the page's main
// thread, so a script holding the main thread does not delay it, while a stall of the whole
// machine does. It tells the page each gap it saw, on the page's clock (ms since the epoch).
var beatMs = 50;
var origin = performance.timeOrigin || Date.now() - performance.now();
function now() { return origin + performance.now(); }
var last = now();
function beat() {
  var t = now();
  if (t - last > 2 * beatMs) postMessage({ gap: [last, t] });
  last = t;
  setTimeout(beat, beatMs);
}
onmessage = function (e) {
  if (e.data && e.data.beatMs) beatMs = e.data.beatMs;
};
postMessage('ready');
setTimeout(beat, beatMs);
