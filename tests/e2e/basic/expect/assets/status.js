// status.js - a certificate read after its expiry day shows as expired,
// even when the site was not built again since (docs/history.md).  The
// page says what the status was on the day it was built; an element
// with data-ocop-expires="YYYY-MM-DD" (the last day the certificate is
// valid) is told, when this device's date is later: its hidden banner
// is shown, and its "valid" badge says "expired"; the verification box
// it sits in turns to the expired kind, its stars muted.  Only ever from
// valid to expired: a page never shows a certificate valid that it did
// not.
(function () {
  'use strict';
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  var now = new Date();
  var today = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
  var marked = document.querySelectorAll('[data-ocop-expires]');
  for (var i = 0; i < marked.length; i++) {
    var el = marked[i];
    var expires = el.getAttribute('data-ocop-expires');
    if (!/^\d{4}-\d\d-\d\d$/.test(expires) || today <= expires) continue;
    if (el.hasAttribute('hidden')) el.removeAttribute('hidden');
    var badge = el.querySelector('.badge.status-valid');
    var text = el.getAttribute('data-ocop-expired-text');
    if (badge && text) {
      badge.className = 'badge status-expired';
      badge.textContent = '';
      var mark = document.createElement('span');
      mark.setAttribute('aria-hidden', 'true');
      mark.textContent = '!';
      badge.appendChild(mark);
      badge.appendChild(document.createTextNode(' ' + text));
    }
    var box = el.parentNode;
    if (box && /(^| )verdict( |$)/.test(box.className)) {
      box.className = 'verdict verdict-expired';
      var stars = box.querySelector('.verdict-stars');
      if (stars) stars.className = 'verdict-stars is-muted';
    }
  }
})();
