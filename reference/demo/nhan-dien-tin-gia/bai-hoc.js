/*
 * Bài học mẫu SCORM 1.2 của kynangso: chuyển trang, đánh dấu trang đang học, bài tự kiểm tra.
 * - cmi.core.lesson_location: số thứ tự trang (0–3), để học tiếp đúng chỗ, cả trên thiết bị khác.
 * - cmi.suspend_data: các câu đã chọn ở bài tự kiểm tra.
 * - cmi.core.score.raw và cmi.core.lesson_status (passed/failed) khi nộp bài; đạt khi đúng từ 2/3 câu.
 */
/* global window, document, fetch, DOMParser */
(function () {
  'use strict';
  var PAGES = ['trang-1.html', 'trang-2.html', 'trang-3.html', 'trang-4.html'];
  var PASS = 2;
  var api = findApi(window);
  var current = 0;
  var started = new Date().getTime();
  var finished = false;
  var answers = {};

  function findApi(win) {
    for (var i = 0; win && i < 10; i++) {
      try {
        if (win.API) return win.API;
      } catch { /* khung khác nguồn gốc: bỏ qua */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return window.opener && window.opener.API ? window.opener.API : null;
  }
  function get(name) { return api ? String(api.LMSGetValue(name)) : ''; }
  function set(name, value) { if (api) api.LMSSetValue(name, String(value)); }
  function commit() { if (api) api.LMSCommit(''); }
  function $(id) { return document.getElementById(id); }

  function saveAnswers() {
    var parts = [];
    for (var k in answers) if (Object.prototype.hasOwnProperty.call(answers, k)) parts.push(k + '=' + answers[k]);
    set('cmi.suspend_data', parts.join(';'));
  }
  function loadAnswers() {
    var raw = get('cmi.suspend_data');
    if (!raw) return;
    raw.split(';').forEach(function (p) {
      var kv = p.split('=');
      if (kv.length === 2 && /^cau\d$/.test(kv[0]) && /^[abc]$/.test(kv[1])) answers[kv[0]] = kv[1];
    });
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(PAGES.length - 1, index));
    var main = $('noi-dung');
    fetch(PAGES[current]).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      main.innerHTML = doc.querySelector('main').innerHTML;
      document.title = doc.title + ' · Nhận diện tin giả';
      $('tien-do').textContent = 'Trang ' + (current + 1) + '/' + PAGES.length;
      $('nut-truoc').disabled = current === 0;
      $('nut-tiep').disabled = current === PAGES.length - 1;
      if (current === PAGES.length - 1) setUpQuiz();
      window.scrollTo(0, 0);
      if (focus) main.focus({ preventScroll: true });
      set('cmi.core.lesson_location', current);
      commit();
    });
  }

  function setUpQuiz() {
    var form = $('bai-kiem-tra');
    Object.keys(answers).forEach(function (name) {
      var input = form.querySelector('input[name="' + name + '"][value="' + answers[name] + '"]');
      if (input) input.checked = true;
    });
    form.addEventListener('change', function (e) {
      answers[e.target.name] = e.target.value;
      saveAnswers();
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      grade(form);
    });
  }

  function grade(form) {
    var sets = form.querySelectorAll('fieldset');
    var correct = 0;
    var lines = [];
    for (var i = 0; i < sets.length; i++) {
      var name = 'cau' + (i + 1);
      var right = sets[i].getAttribute('data-dung');
      var chosen = answers[name] || '';
      var ok = chosen === right;
      if (ok) correct++;
      lines.push('<p class="' + (ok ? 'dung' : 'sai') + '">Câu ' + (i + 1) + ': ' + (ok ? 'Đúng.' : chosen ? 'Chưa đúng.' : 'Chưa trả lời.') + '</p>');
      set('cmi.interactions.' + i + '.id', name);
      set('cmi.interactions.' + i + '.type', 'choice');
      if (chosen) set('cmi.interactions.' + i + '.student_response', chosen);
      set('cmi.interactions.' + i + '.correct_responses.0.pattern', right);
      set('cmi.interactions.' + i + '.result', ok ? 'correct' : 'wrong');
    }
    var score = Math.round((correct / sets.length) * 100);
    var passed = correct >= PASS;
    set('cmi.core.score.min', 0);
    set('cmi.core.score.max', 100);
    set('cmi.core.score.raw', score);
    set('cmi.core.lesson_status', passed ? 'passed' : 'failed');
    commit();
    $('ket-qua').innerHTML = '<p class="ket-qua-chinh">' + (passed
      ? 'Chúc mừng! Bạn trả lời đúng ' + correct + '/' + sets.length + ' câu và đã hoàn thành bài học.'
      : 'Bạn trả lời đúng ' + correct + '/' + sets.length + ' câu. Hãy xem lại bài và làm lại nhé.') + '</p>' + lines.join('');
  }

  function finish() {
    if (finished || !api) return;
    finished = true;
    var secs = Math.round((new Date().getTime() - started) / 1000);
    var hh = Math.floor(secs / 3600), mm = Math.floor((secs % 3600) / 60), ss = secs % 60;
    set('cmi.core.session_time', (hh < 10 ? '0' : '') + hh + ':' + (mm < 10 ? '0' : '') + mm + ':' + (ss < 10 ? '0' : '') + ss);
    var status = get('cmi.core.lesson_status');
    set('cmi.core.exit', status === 'passed' ? '' : 'suspend');
    api.LMSFinish('');
  }

  $('nut-truoc').addEventListener('click', function () { show(current - 1, true); });
  $('nut-tiep').addEventListener('click', function () { show(current + 1, true); });
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);

  if (!api) {
    $('thong-bao').textContent = 'Không kết nối được với hệ thống học tập: bạn vẫn xem được bài nhưng kết quả sẽ không được lưu.';
    show(0, false);
    return;
  }
  api.LMSInitialize('');
  if (get('cmi.core.lesson_status') === 'not attempted') set('cmi.core.lesson_status', 'incomplete');
  loadAnswers();
  var bookmark = get('cmi.core.lesson_location');
  if (/^[0-3]$/.test(bookmark) && bookmark !== '0') {
    $('thong-bao').textContent = 'Bạn đang học tiếp từ trang ' + (Number(bookmark) + 1) + '.';
    show(Number(bookmark), false);
  } else {
    show(0, false);
  }
})();
