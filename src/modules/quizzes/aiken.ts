/**
 * Aiken: a pure parser.
 *
 *   Thủ đô của Việt Nam là thành phố nào?
 *   A. Hà Nội
 *   B) Hải Phòng
 *   ANSWER: A
 *
 * The question is the line(s) before the first option; options are "A." or "A)" followed by a space, in
 * order from A; "ANSWER: X" ends the question. Blank lines between questions are optional. One extension:
 * "ANSWER: A, C" (several letters) makes a multiple-choice question.
 */
import { parseLetters } from './question-input.js';
import { collect, linesOf, type ParseOptions, type ParseResult } from './text-import.js';

const OPTION = /^([A-Z])[.)]\s+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

export function parseAiken(text: string, opts: ParseOptions = {}): ParseResult {
  const result: ParseResult = { questions: [], issues: [] };
  let q: { line: number; text: string[]; options: string[]; broken: boolean } | undefined;
  const issue = (line: number, code: string, params?: Record<string, string | number>) => result.issues.push({ line, code, params });

  linesOf(text).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const answer = ANSWER.exec(trimmed);
    if (answer) {
      if (!q) return issue(line, 'QB_AIKEN_ANSWER_ALONE');
      const current = q;
      q = undefined;
      if (current.broken) return;
      if (current.options.length === 0) return issue(current.line, 'QB_AIKEN_NO_OPTIONS');
      const letters = parseLetters(answer[1]);
      const type = letters.indexes.length > 1 && letters.invalid.length === 0 ? 'multiple' : 'single';
      collect(result, current.line, { type, text: current.text.join('\n'), options: current.options, answer: answer[1] }, opts);
      return;
    }
    const option = OPTION.exec(trimmed);
    if (option && q) {
      const expected = String.fromCharCode(65 + q.options.length);
      if (option[1] !== expected && !q.broken) {
        q.broken = true;
        issue(line, 'QB_AIKEN_OPTION_ORDER', { expected, found: option[1] });
      }
      q.options.push(option[2]);
      return;
    }
    if (q && q.options.length > 0) {
      // Text after the options without an ANSWER line: that question ends unfinished, a new one begins.
      if (!q.broken) issue(q.line, 'QB_AIKEN_NO_ANSWER');
      q = undefined;
    }
    if (!q) q = { line, text: [], options: [], broken: false };
    q.text.push(trimmed);
  });
  if (q && !q.broken) issue(q.line, q.options.length ? 'QB_AIKEN_NO_ANSWER' : 'QB_AIKEN_NO_OPTIONS');
  if (result.questions.length === 0 && result.issues.length === 0) issue(1, 'QB_FILE_EMPTY');
  result.issues.sort((a, b) => a.line - b.line);
  return result;
}
