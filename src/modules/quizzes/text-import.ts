/** What the text-format parsers (GIFT, Aiken) give back: validated questions and problems by line number. */
import type { QuestionField, QuestionInput, QuestionValues } from './question-input.js';
import { validateQuestion } from './question-input.js';

export interface ParsedQuestion {
  /** Line of the question's first line (1 = first line of the file). */
  line: number;
  values: QuestionValues;
}

export interface TextIssue {
  line: number;
  code: string;
  field?: QuestionField;
  params?: Record<string, string | number>;
}

export interface ParseResult {
  questions: ParsedQuestion[];
  issues: TextIssue[];
}

export interface ParseOptions {
  /** Known competence codes: other codes are refused. */
  competences?: Set<string>;
  /** Applied to questions that have none (GIFT and Aiken carry no competence or difficulty). */
  defaults?: { topic?: string; competence?: string; difficulty?: string };
}

/** Text as lines: BOM removed, any line ending. */
export function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
}

/** Validates one parsed question and files it, or its problems, under its line. */
export function collect(result: ParseResult, line: number, input: QuestionInput, opts: ParseOptions): void {
  const d = opts.defaults ?? {};
  const full: QuestionInput = { ...input, topic: input.topic || d.topic, competence: input.competence || d.competence, difficulty: input.difficulty ?? d.difficulty };
  const { values, issues } = validateQuestion(full, { competences: opts.competences });
  if (values) result.questions.push({ line, values });
  for (const i of issues) result.issues.push({ line, code: i.code, field: i.field, params: i.params });
}
