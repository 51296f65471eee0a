/**
 * Questions in .xlsx: the template, reading rows (the first sheet, through people/xlsx-read.ts — the
 * chunk-safe streaming reader), and the export. The export has the template's columns, so an exported
 * bank can be edited in Excel and imported again.
 *
 * Columns (row 1; Vietnamese or English names, diacritics and case ignored, any order):
 *   Câu hỏi · Loại (một lựa chọn / nhiều lựa chọn / đúng sai) · Phương án A … Phương án F ·
 *   Đáp án đúng ("B", "A,C"; for đúng sai: "Đúng" or "Sai") · Giải thích · Chủ đề · Năng lực · Độ khó (1–3)
 */
import ExcelJS from 'exceljs';
import { searchKey } from '../../core/text.js';
import { columnLetter } from '../people/import-rows.js';
import { SheetError, type Sheet, type SheetRow } from '../people/xlsx-read.js';
import { LETTERS, letterOf, type QuestionField, type QuestionInput, type QuestionValues } from './question-input.js';

export const COLUMNS = ['text', 'type', 'optA', 'optB', 'optC', 'optD', 'optE', 'optF', 'answer', 'explanation', 'topic', 'competence', 'difficulty'] as const;
export type Column = (typeof COLUMNS)[number];
const OPTION_COLUMNS = ['optA', 'optB', 'optC', 'optD', 'optE', 'optF'] as const;

const HEADER_NAMES: Record<Column, string[]> = {
  text: ['cau hoi', 'noi dung cau hoi', 'noi dung', 'question', 'question text'],
  type: ['loai', 'loai cau hoi', 'type', 'question type'],
  optA: ['phuong an a', 'lua chon a', 'option a'],
  optB: ['phuong an b', 'lua chon b', 'option b'],
  optC: ['phuong an c', 'lua chon c', 'option c'],
  optD: ['phuong an d', 'lua chon d', 'option d'],
  optE: ['phuong an e', 'lua chon e', 'option e'],
  optF: ['phuong an f', 'lua chon f', 'option f'],
  answer: ['dap an dung', 'dap an', 'correct answer', 'correct answers', 'answer'],
  explanation: ['giai thich', 'explanation', 'feedback'],
  topic: ['chu de', 'topic'],
  competence: ['nang luc', 'ma nang luc', 'competence', 'competence code'],
  difficulty: ['do kho', 'difficulty'],
};

export interface RowInput {
  row: number;
  input: QuestionInput;
}

export interface CellIssue {
  row: number;
  column?: string;
  code: string;
}

export function mapHeaders(header: SheetRow | undefined): { columns: Map<Column, number>; ignored: string[] } {
  const columns = new Map<Column, number>();
  const ignored: string[] = [];
  for (const [col, cell] of header?.cells ?? []) {
    const key = searchKey(cell.text).replace(/[^a-z0-9]+/g, ' ').trim();
    const field = COLUMNS.find((c) => HEADER_NAMES[c].includes(key));
    if (!field) {
      if (cell.text.trim()) ignored.push(cell.text.trim());
      continue;
    }
    if (columns.has(field)) throw new SheetError('IMPORT_HEADER_DUPLICATE', {}, [`qb.col.${field}`]);
    columns.set(field, col);
  }
  const missing = (['text', 'type', 'answer'] as const).filter((c) => !columns.has(c)).map((c) => `qb.col.${c}`);
  if (missing.length) throw new SheetError('IMPORT_HEADERS_MISSING', {}, missing);
  return { columns, ignored };
}

/** Rows as question inputs; formula and error cells are refused (their value would not be what Excel shows). */
export function rowInputs(sheet: Sheet, columns: Map<Column, number>): { rows: RowInput[]; issues: CellIssue[] } {
  const rows: RowInput[] = [];
  const issues: CellIssue[] = [];
  const used = [...columns.values()];
  for (const row of sheet.rows) {
    if (!used.some((c) => row.cells.has(c))) continue;
    const value = (c: Column) => {
      const col = columns.get(c);
      const cell = col === undefined ? undefined : row.cells.get(col);
      if (!cell) return '';
      if (cell.kind === 'formula' || cell.kind === 'error') {
        issues.push({ row: row.number, column: columnLetter(col!), code: cell.kind === 'formula' ? 'QB_FORMULA' : 'QB_CELL_ERROR' });
        return '';
      }
      return cell.text;
    };
    rows.push({
      row: row.number,
      input: {
        text: value('text'),
        type: value('type'),
        options: OPTION_COLUMNS.map(value),
        answer: value('answer'),
        explanation: value('explanation'),
        topic: value('topic'),
        competence: value('competence'),
        difficulty: value('difficulty'),
      },
    });
  }
  return { rows, issues };
}

/** The column letter where a field's problem shows (the option's own column for an option). */
export function columnOf(columns: Map<Column, number>, field: QuestionField | undefined, option?: number): string | undefined {
  const c: Column | undefined =
    field === 'options' ? (option !== undefined ? OPTION_COLUMNS[option] : 'optA') : field === undefined ? undefined : (field as Column);
  const col = c ? columns.get(c) : undefined;
  return col ? columnLetter(col) : undefined;
}

type T = (key: string, params?: Record<string, string | number>) => string;
const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
};
const WIDTHS: Record<Column, number> = {
  text: 50, type: 16, optA: 24, optB: 24, optC: 24, optD: 24, optE: 24, optF: 24, answer: 14, explanation: 40, topic: 22, competence: 12, difficulty: 10,
};

function questionSheet(wb: ExcelJS.Workbook, t: T): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(t('qb.sheetQuestions'), { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text columns: a competence code "1.10" stays "1.10", an answer "A" is not taken for anything else.
  ws.columns = COLUMNS.map((c) => ({ header: t(`qb.col.${c}`), key: c, width: WIDTHS[c], style: c === 'difficulty' ? {} : { numFmt: '@' } }));
  ws.getRow(1).eachCell((cell) => (cell.style = { ...headerStyle, numFmt: '@' }));
  return ws;
}

/** The import template: the headers on sheet 1 (no sample row that could be imported by mistake), a guide on sheet 2. */
export async function templateWorkbook(t: T, competences: Array<{ code: string; name: string }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  questionSheet(wb, t);
  const guide = wb.addWorksheet(t('qb.sheetGuide'));
  guide.columns = [{ width: 24 }, { width: 70 }];
  const rows: Array<[string, string]> = [
    [t('qb.col.type'), `${t('qb.typeCell.single')} · ${t('qb.typeCell.multiple')} · ${t('qb.typeCell.true_false')}`],
    [t('qb.col.answer'), t('qb.guide.answer')],
    [t('qb.col.difficulty'), t('qb.guide.difficulty')],
    [t('qb.col.topic'), t('qb.guide.topic')],
    [t('qb.col.competence'), t('qb.guide.competence')],
    [t('qb.guide.example'), t('qb.guide.exampleText')],
  ];
  guide.addRow([t('qb.guide.column'), t('qb.guide.how')]).eachCell((cell) => (cell.style = headerStyle));
  for (const r of rows) guide.addRow(r);
  guide.addRow([]);
  guide.addRow([t('qb.col.competence'), t('qb.guide.competenceName')]).eachCell((cell) => (cell.style = headerStyle));
  for (const c of competences) guide.addRow([c.code, c.name]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A bank's questions in the template's columns. */
export async function exportWorkbook(questions: QuestionValues[], t: T): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = questionSheet(wb, t);
  for (const q of questions) {
    const tf = q.type === 'true_false';
    const options = LETTERS.map((_l, i) => (tf ? '' : (q.options[i] ?? '')));
    const answer = tf ? t(q.answer[0] === 0 ? 'quiz.true' : 'quiz.false') : q.answer.map(letterOf).join(',');
    ws.addRow([q.text, t(`qb.typeCell.${q.type}`), ...options, answer, q.explanation, q.topic ?? '', q.competence ?? '', q.difficulty]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
