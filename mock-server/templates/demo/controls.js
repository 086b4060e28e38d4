(function () {
  function on(id, handler) { document.getElementById(id).addEventListener('click', handler); }
  on('demo-show', function () { Herodesk('show'); });
  on('demo-hide', function () { Herodesk('hide'); });
  document.querySelectorAll('[data-conversation]').forEach(function (button) {
    button.addEventListener('click', function () {
      Herodesk('showConversation', Number(button.getAttribute('data-conversation')));
    });
  });
  on('demo-show-id', function () {
    Herodesk('showConversation', Number(document.getElementById('demo-conversation-id').value));
  });
  function refresh() {
    ['isBooted', 'isReady', 'isVisible'].forEach(function (p) {
      document.getElementById('demo-' + p).textContent = String(window.Herodesk && window.Herodesk[p]);
    });
  }
  refresh();
  setInterval(refresh, 500);
  document.getElementById('demo-agent').addEventListener('submit', function (e) {
    e.preventDefault();
    var status = document.getElementById('demo-agent-status');
    var body = JSON.stringify({
      conversation: Number(document.getElementById('demo-agent-conversation').value),
      body: document.getElementById('demo-agent-body').value
    });
    status.textContent = 'sending…';
    fetch('/demo/agent-reply', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (r) { status.textContent = r.ok ? 'sent: watch the unread count' : 'refused: ' + r.json.message; })
      .catch(function (err) { status.textContent = 'failed: ' + err; });
  });
})();
