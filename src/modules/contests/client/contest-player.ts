/**
 * The contest attempt page's script (the page works without it): a countdown of the time the server said is
 * left, each answer saved as it is chosen (PUT /api/contest-attempts/:id/answers/:position with the page's
 * CSRF token), the prediction saved when it changes, and a confirmation before "Nộp bài".
 * The server decides: when the countdown reaches zero the page is reloaded and the server shows the attempt
 * finalized; an answer the server refuses as late (409) reloads the page too.
 * Saving is one request per question at a time; a failed save is retried with backoff (1 s … 30 s) and the
 * newest choice of a question always replaces an older one still waiting.
 */

interface Pending {
  url: string;
  body: unknown;
  status: HTMLElement | null;
  attempt: number;
}

const form = document.getElementById('contest-play') as HTMLFormElement | null;
const timer = document.getElementById('contest-timer');

function text(key: string): string {
  return (form && form.getAttribute(`data-msg-${key}`)) || '';
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** When the time runs out, on the monotonic clock (the device's time of day does not matter). */
let end = Number.NaN;

/** The server answered a save with the time it says is left: follow the server. */
function resync(remainingMs: unknown): void {
  if (typeof remainingMs === 'number' && Number.isFinite(end)) end = performance.now() + remainingMs;
}

function startCountdown(): void {
  if (!timer) return;
  const remaining = Number(timer.getAttribute('data-remaining-ms'));
  if (!Number.isFinite(remaining)) return;
  end = performance.now() + remaining;
  let reloading = false;
  const tick = () => {
    const left = end - performance.now();
    if (left <= 0) {
      timer.textContent = text('time-up');
      timer.classList.add('time-up');
      if (!reloading) {
        reloading = true;
        // A moment later than zero, so the server's clock has passed the deadline too.
        setTimeout(() => window.location.reload(), 1500);
      }
      return;
    }
    timer.textContent = text('remaining').replace('{time}', clock(left));
    if (left < 60_000) timer.classList.add('time-low');
    setTimeout(tick, 1000 - (Math.floor(left) % 1000 || 0) + 5);
  };
  tick();
}

function csrfToken(): string {
  const input = form ? (form.querySelector('input[name="_csrf"]') as HTMLInputElement | null) : null;
  return input ? input.value : '';
}

const queue = new Map<string, Pending>();
const inFlight = new Set<string>();

function setStatus(el: HTMLElement | null, key: string): void {
  if (el) el.textContent = text(key);
}

function send(key: string): void {
  const job = queue.get(key);
  if (!job || inFlight.has(key)) return;
  queue.delete(key);
  inFlight.add(key);
  setStatus(job.status, 'saving');
  fetch(job.url, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken(), accept: 'application/json' },
    body: JSON.stringify(job.body),
  })
    .then((res) => {
      inFlight.delete(key);
      if (res.ok) {
        if (!queue.has(key)) setStatus(job.status, 'saved');
        send(key);
        res.json().then((body: { remainingMs?: unknown }) => resync(body.remainingMs), () => undefined);
        return;
      }
      if (res.status === 409 || res.status === 404 || res.status === 401) {
        // Time is up (or the attempt is no longer open): the server's page says what happened.
        window.location.reload();
        return;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        // Refused as invalid: nothing to retry; the form's "Lưu" still works.
        setStatus(job.status, 'retry');
        return;
      }
      retry(key, job);
    })
    .catch(() => {
      inFlight.delete(key);
      retry(key, job);
    });
}

function retry(key: string, job: Pending): void {
  setStatus(job.status, 'retry');
  if (!queue.has(key)) queue.set(key, { ...job, attempt: job.attempt + 1 });
  const delay = Math.min(30_000, 1000 * 2 ** Math.min(job.attempt, 5));
  setTimeout(() => send(key), delay);
}

function enqueue(key: string, url: string, body: unknown, status: HTMLElement | null): void {
  queue.set(key, { url, body, status, attempt: 0 });
  send(key);
}

/** "Đã trả lời 3/10 câu." follows the choices on the page. */
function countAnswered(): void {
  const el = document.getElementById('answered-count');
  if (!form || !el) return;
  const fieldsets = form.querySelectorAll('fieldset[data-position]');
  let n = 0;
  for (let i = 0; i < fieldsets.length; i++) if (fieldsets[i].querySelector('input:checked')) n++;
  el.textContent = text('answered').replace('{n}', String(n)).replace('{total}', String(fieldsets.length));
}

function setUp(): void {
  if (!form) return;
  const attemptId = form.getAttribute('data-attempt');
  const base = `/api/contest-attempts/${attemptId}`;

  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (!input || !input.name) return;
    const m = /^q(\d+)$/.exec(input.name);
    if (m) {
      const fieldset = input.closest('fieldset');
      const choices = Array.prototype.slice
        .call(form.querySelectorAll(`input[name="${input.name}"]`))
        .filter((el: HTMLInputElement) => el.checked)
        .map((el: HTMLInputElement) => Number(el.value));
      enqueue(`q${m[1]}`, `${base}/answers/${m[1]}`, { choices }, fieldset ? (fieldset.querySelector('.save-status') as HTMLElement | null) : null);
      countAnswered();
      return;
    }
    if (input.name === 'du_doan') {
      const raw = input.value.replace(/[\s.,]/g, '');
      if (!/^\d{1,15}$/.test(raw)) return; // the form's own check says what is wrong when it is sent
      enqueue('prediction', `${base}/prediction`, { value: Number(raw) }, document.getElementById('prediction-status'));
    }
  });

  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter && submitter.getAttribute('data-confirm') && !window.confirm(text('confirm'))) event.preventDefault();
  });
}

setUp();
startCountdown();
