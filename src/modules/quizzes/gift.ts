/**
 * Moodle GIFT: a pure parser and a writer.
 *
 * Supported: single choice (`{=right ~wrong}`), multiple choice (weights `~%50%a ~%50%b ~%-100%c`: every
 * answer with a positive weight is correct — graded all-or-nothing here, so the weights only say which
 * answers are correct and must add up to 100), true/false (`{T}`, `{F}`, `{TRUE}`, `{FALSE}`), the
 * "missing word" form (text after the answers: the blank is shown as "_____"), titles `::t::` (not kept),
 * comments `//`, per-answer feedback `#…` (not kept), general feedback `####…` (the explanation),
 * format markers `[html]`, `[moodle]`, `[plain]`, `[markdown]` (dropped: text is shown as plain text),
 * escapes `\: \~ \= \# \{ \} \\ \n`, and `$CATEGORY: a/b/c` (the last part becomes the topic of the
 * questions that follow; `//` in a category name is a slash).
 *
 * Refused with a per-question error naming the type: matching, numeric, short answer, essay and
 * descriptions (text without answers).
 */
import type { QuestionInput, QuestionValues } from './question-input.js';
import { collect, linesOf, type ParseOptions, type ParseResult } from './text-import.js';

/** Escaped characters become private-use placeholders, so the structure can be read with plain string search. */
const ESCAPES: Record<string, string> = { ':': '\uE001', '~': '\uE002', '=': '\uE003', '#': '\uE004', '{': '\uE005', '}': '\uE006', '\\': '\uE007' };
const RESTORE = new Map(Object.entries(ESCAPES).map(([ch, ph]) => [ph, ch]));

function hide(text: string): string {
  return text.replace(/[\uE001-\uE007]/g, '').replace(/\\([:~=#{}\\n])/g, (_m, ch: string) => (ch === 'n' ? '\n' : ESCAPES[ch]));
}

function restore(text: string): string {
  return text.replace(/[\uE001-\uE007]/g, (ph) => RESTORE.get(ph) ?? '');
}

/** "$course$/top/Kỹ năng số/Thư điện tử" → "Thư điện tử"; "a//b" is "a/b". */
export function categoryTopic(raw: string): string | undefined {
  const parts = raw
    .trim()
    .split(/(?<!\/)\/(?!\/)/)
    .map((p) => p.replace(/\/\//g, '/').trim())
    .filter((p) => p && !/^\$\w+\$$/.test(p) && p.toLowerCase() !== 'top');
  return parts.length ? parts[parts.length - 1] : undefined;
}

type Block = { line: number; text: string; topic: string | undefined };

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let topic: string | undefined;
  let current: { line: number; lines: string[] } | undefined;
  const end = () => {
    if (current) blocks.push({ line: current.line, text: current.lines.join('\n'), topic });
    current = undefined;
  };
  linesOf(text).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('//')) return;
    if (trimmed === '') return end();
    const category = /^\$CATEGORY:(.*)$/i.exec(trimmed);
    if (category) {
      end();
      topic = categoryTopic(category[1]);
      return;
    }
    if (!current) current = { line: i + 1, lines: [] };
    current.lines.push(raw);
  });
  end();
  return blocks;
}

type Parsed = { input: QuestionInput } | { code: string; params?: Record<string, string | number> };

interface Answer {
  marker: '=' | '~';
  weight: number | undefined;
  text: string;
  raw: string;
}

function parseAnswers(body: string): Answer[] | { code: string } {
  const trimmed = body.trim();
  const first = trimmed.search(/[=~]/);
  if (first !== 0) return { code: 'QB_GIFT_SYNTAX' };
  const answers: Answer[] = [];
  for (const m of trimmed.matchAll(/([=~])([^=~]*)/g)) {
    const raw = m[2];
    let rest = raw.trim();
    let weight: number | undefined;
    if (rest.startsWith('%')) {
      const w = /^%(-?\d+(?:[.,]\d+)?)%/.exec(rest);
      if (!w) return { code: 'QB_GIFT_WEIGHT' };
      weight = Number(w[1].replace(',', '.'));
      if (weight < -100 || weight > 100) return { code: 'QB_GIFT_WEIGHT' };
      rest = rest.slice(w[0].length);
    }
    const feedback = rest.indexOf('#');
    if (feedback >= 0) rest = rest.slice(0, feedback);
    answers.push({ marker: m[1] as '=' | '~', weight, text: restore(rest).trim(), raw });
  }
  return answers;
}

function parseBlock(block: Block): Parsed {
  let s = hide(block.text);
  const title = /^\s*::([\s\S]*?)::/.exec(s);
  if (title) s = s.slice(title[0].length);
  s = s.replace(/^\s*\[(html|moodle|plain|markdown)\]/i, '');
  const open = s.indexOf('{');
  if (open < 0) return { code: s.includes('}') ? 'QB_GIFT_SYNTAX' : 'QB_GIFT_DESCRIPTION' };
  const close = s.indexOf('}', open);
  if (close < 0) return { code: 'QB_GIFT_UNCLOSED' };
  const inner = s.indexOf('{', open + 1);
  if ((inner >= 0 && inner < close) || s.indexOf('{', close) >= 0 || s.indexOf('}', close + 1) >= 0 || s.slice(0, open).includes('}')) {
    return { code: 'QB_GIFT_SYNTAX' };
  }
  const before = restore(s.slice(0, open)).trim();
  const after = restore(s.slice(close + 1)).trim();
  const text = after ? `${before} _____ ${after}`.trim() : before;
  let body = s.slice(open + 1, close);
  let explanation = '';
  const general = body.indexOf('####');
  if (general >= 0) {
    explanation = restore(body.slice(general + 4)).trim();
    body = body.slice(0, general);
  }
  const content = body.trim();
  const base = { text, explanation, topic: block.topic };
  if (content === '') return { code: 'QB_GIFT_ESSAY' };
  if (content.startsWith('#')) return { code: 'QB_GIFT_NUMERIC' };
  const tf = /^(T|F|TRUE|FALSE)\s*(#[\s\S]*)?$/i.exec(content);
  if (tf) return { input: { ...base, type: 'true_false', options: [], answer: [/^t/i.test(tf[1]) ? 0 : 1] } };

  const answers = parseAnswers(content);
  if (!Array.isArray(answers)) return answers;
  const choice = answers.some((a) => a.marker === '~');
  if (!choice) return { code: answers.some((a) => a.raw.includes('->')) ? 'QB_GIFT_MATCHING' : 'QB_GIFT_SHORT_ANSWER' };

  if (answers.some((a) => a.text === '')) return { code: 'QB_GIFT_EMPTY_ANSWER' };
  const weights = answers.map((a) => a.weight ?? (a.marker === '=' ? 100 : 0));
  const correct = weights.flatMap((w, i) => (w > 0 ? [i] : []));
  const options = answers.map((a) => a.text);
  if (correct.length === 0) return { input: { ...base, type: 'single', options, answer: [] } };
  const sum = correct.reduce((n, i) => n + weights[i], 0);
  if (correct.length === 1) {
    if (weights[correct[0]] !== 100) return { code: 'QB_GIFT_WEIGHTS', params: { sum: Math.round(sum * 100) / 100 } };
    return { input: { ...base, type: 'single', options, answer: correct } };
  }
  // Several correct answers: their weights must make the whole (33.333 × 3 is close enough).
  if (Math.abs(sum - 100) > 1) return { code: 'QB_GIFT_WEIGHTS', params: { sum: Math.round(sum * 100) / 100 } };
  return { input: { ...base, type: 'multiple', options, answer: correct } };
}

export function parseGift(text: string, opts: ParseOptions = {}): ParseResult {
  const result: ParseResult = { questions: [], issues: [] };
  for (const block of blocksOf(text)) {
    const parsed = parseBlock(block);
    if ('input' in parsed) collect(result, block.line, parsed.input, opts);
    else result.issues.push({ line: block.line, code: parsed.code, params: parsed.params });
  }
  if (result.questions.length === 0 && result.issues.length === 0) result.issues.push({ line: 1, code: 'QB_FILE_EMPTY' });
  return result;
}

/** Text written into GIFT: its special characters escaped, line breaks as \n. */
export function escapeGift(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([~=#{}:])/g, '\\$1').replace(/\n/g, '\\n');
}

function weightOf(count: number): string {
  return String(Math.round((100 / count) * 100000) / 100000);
}

/** Questions as GIFT text, grouped by topic ($CATEGORY); questions without a topic come first. */
export function writeGift(questions: QuestionValues[], header?: string): string {
  const sorted = [...questions].sort((a, b) => (a.topic === null ? -1 : 0) - (b.topic === null ? -1 : 0) || (a.topic ?? '').localeCompare(b.topic ?? '', 'vi'));
  const out: string[] = [];
  if (header) out.push(...header.split('\n').map((l) => `// ${l}`), '');
  let topic: string | null = null;
  for (const q of sorted) {
    if (q.topic !== topic && q.topic !== null) {
      out.push(`$CATEGORY: ${q.topic.replace(/\//g, '//')}`, '');
      topic = q.topic;
    }
    const explanation = q.explanation ? `####${escapeGift(q.explanation)}` : '';
    if (q.type === 'true_false') {
      out.push(`${escapeGift(q.text)} {${q.answer[0] === 0 ? 'TRUE' : 'FALSE'}${explanation}}`, '');
      continue;
    }
    const lines = q.options.map((o, i) => {
      const right = q.answer.includes(i);
      if (q.type === 'single') return `${right ? '=' : '~'}${escapeGift(o)}`;
      return `~%${right ? weightOf(q.answer.length) : '-100'}%${escapeGift(o)}`;
    });
    out.push(`${escapeGift(q.text)} {`, ...lines.map((l) => `  ${l}`), ...(explanation ? [`  ${explanation}`] : []), '}', '');
  }
  return out.join('\n');
}
