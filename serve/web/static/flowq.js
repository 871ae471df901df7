// flowq's page: live rows, progress and Cancel over server-sent events.
// Without this script the form submits normally and the page still works.
'use strict';
document.documentElement.className = 'js';
(function () {
  var es = null;
  function $(id) { return document.getElementById(id); }
  function stop() { if (es) { es.close(); es = null; } $('cancel').hidden = true; }
  function params(form) {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (v !== '') { p.append(k, v); } });
    return p;
  }
  function run(p) {
    stop();
    $('results').hidden = false;
    $('rows').textContent = '';
    $('notes').textContent = '';
    $('ran').textContent = '';
    $('progress').textContent = '';
    $('cancel').hidden = false;
    es = new EventSource('/events?' + p.toString());
    // Fragments come from the server's templates, which escape every value.
    es.addEventListener('start', function (e) {
      var d = JSON.parse(e.data);
      $('ran').innerHTML = d.ran;
      $('time-h').textContent = d.time;
    });
    es.addEventListener('row', function (e) { $('rows').insertAdjacentHTML('beforeend', e.data); });
    es.addEventListener('progress', function (e) { $('progress').textContent = JSON.parse(e.data).text; });
    es.addEventListener('done', function (e) { stop(); $('notes').innerHTML = e.data; $('progress').textContent = ''; });
    es.addEventListener('invalid', function () { stop(); location.assign('/search?' + p.toString()); });
    // A stream that fails (a session that ended, a proxy that buffers)
    // falls back to the plain page, which signs in again if it must.
    es.onerror = function () { if (es) { stop(); location.assign('/search?' + p.toString()); } };
  }
  document.addEventListener('submit', function (e) {
    if (e.target.id !== 'search' || !window.EventSource) { return; }
    e.preventDefault();
    var p = params(e.target);
    history.pushState(null, '', '/search?' + p.toString());
    run(p);
  });
  document.addEventListener('click', function (e) {
    if (e.target.id !== 'cancel') { return; }
    if (es) { stop(); } else { window.stop(); } // a page still loading its rows stops too
    $('cancel').hidden = true;
    $('progress').textContent = e.target.getAttribute('data-cancelled');
  });
  window.addEventListener('popstate', function () { location.reload(); });
  document.addEventListener('DOMContentLoaded', function () {
    var c = $('cancel');
    if (c && !es) { c.hidden = true; } // a server-rendered page has loaded all its rows
  });
}());
