function demoLog(text) {
  var li = document.createElement('li');
  li.textContent = new Date().toLocaleTimeString() + '  ' + text;
  var list = document.getElementById('events');
  if (list) list.insertBefore(li, list.firstChild);
}
Herodesk('onShow', function () { demoLog('onShow'); });
Herodesk('onHide', function () { demoLog('onHide'); });
Herodesk('onUnreadCountChange', function (count) { demoLog('onUnreadCountChange(' + count + ')'); });
Herodesk('onUserEmailSupplied', function () { demoLog('onUserEmailSupplied'); });
