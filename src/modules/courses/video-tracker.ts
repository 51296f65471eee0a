/**
 * The few lines of JavaScript on a video activity page (inline, no bundle). They measure the share of the
 * video actually watched — the union of the intervals played at normal speed, not the furthest
 * currentTime, so skipping ahead counts nothing — and report it:
 *  - every ~15 s while playing, and on pause and at the end, with fetch() and the x-csrf-token header;
 *  - when the page is hidden or left (pagehide), with navigator.sendBeacon. A beacon cannot carry
 *    headers, so it sends an application/x-www-form-urlencoded body with the same CSRF token in the
 *    `_csrf` field — the very check every HTML form goes through (and a type a beacon sends without
 *    a CORS preflight).
 * The intervals are kept in localStorage per person and activity, so watching in several sittings on
 * one device adds up; the server keeps the highest share it was told (progress only goes up).
 */
export const VIDEO_SCRIPT = `(function () {
  var v = document.getElementById('video');
  if (!v || !window.fetch) return;
  var url = v.getAttribute('data-progress-url'), csrf = v.getAttribute('data-csrf'), key = v.getAttribute('data-key');
  var out = document.getElementById('video-status'), iv = [], from = null, sent = 0, last = Date.now();
  try { iv = JSON.parse(localStorage.getItem(key) || '[]'); } catch (e) { iv = []; }
  function add(a, b) {
    if (!(b > a)) return;
    iv.push([a, b]);
    iv.sort(function (x, y) { return x[0] - y[0]; });
    var merged = [];
    for (var i = 0; i < iv.length; i++) {
      var p = merged[merged.length - 1];
      if (p && iv[i][0] <= p[1] + 0.5) p[1] = Math.max(p[1], iv[i][1]);
      else merged.push([iv[i][0], iv[i][1]]);
    }
    iv = merged;
  }
  function share() {
    var d = v.duration, s = 0;
    if (!(d > 0) || !isFinite(d)) return 0;
    for (var i = 0; i < iv.length; i++) s += Math.max(0, Math.min(iv[i][1], d) - iv[i][0]);
    return Math.min(1, s / d);
  }
  function mark() {
    var t = v.currentTime;
    if (from !== null && t >= from && t - from < 2) add(from, t);
    from = v.paused || v.seeking ? null : t;
  }
  function send(beacon) {
    var s = Math.floor(share() * 10000) / 10000;
    try { localStorage.setItem(key, JSON.stringify(iv)); } catch (e) { /* private mode: this sitting only */ }
    if (s <= sent) return;
    sent = s;
    last = Date.now();
    if (beacon && navigator.sendBeacon) {
      navigator.sendBeacon(url, new URLSearchParams({ watchedShare: String(s), _csrf: csrf }));
      return;
    }
    fetch(url, { method: 'POST', credentials: 'same-origin', keepalive: true,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ watchedShare: s }) })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j || !out) return;
        out.textContent = j.status === 'completed' ? out.getAttribute('data-done')
          : out.getAttribute('data-watched').replace('{percent}', String(Math.floor(j.watchedShare * 100)));
      })
      .catch(function () { sent = 0; });
  }
  v.addEventListener('playing', function () { from = v.currentTime; });
  v.addEventListener('seeking', function () { from = null; });
  v.addEventListener('timeupdate', function () { mark(); if (Date.now() - last > 15000) send(false); });
  v.addEventListener('pause', function () { mark(); send(false); });
  v.addEventListener('ended', function () { mark(); send(false); });
  window.addEventListener('pagehide', function () { mark(); send(true); });
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { mark(); send(true); } });
})();`;
