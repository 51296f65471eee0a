/**
 * The organisers' .xlsx files: the winners (with each winner's result in the ranking the prize came from) and the
 * statistics (aggregates, then the contestants of the caller's units, streamed batch by batch). Values are plain
 * cells, never formulas; phone numbers are masked (0912 *** 678).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { formatPhone } from '../../core/text.js';
import type { AdminContestRow } from './admin-service.js';
import type { AwardRow } from './prizes.js';
import { overallRanking, roundRanking, unitRanking, type OverallRankRow, type RoundRankRow, type UnitRankRow } from './ranking.js';
import { bestPerRound, type ContestantRow, type ContestStats } from './stats.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type T = (key: string, params?: Record<string, string | number>) => string;

const headerStyle: Partial<ExcelJS.Style> = { font: { bold: true }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } } };

/** "+84912345678" → "0912 *** 678": enough to tell two winners apart on the phone, not to call them. */
export function maskPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const parts = formatPhone(e164).split(' ');
  return parts.length === 3 ? `${parts[0]} *** ${parts[2]}` : '***';
}

/** 754321 ms → "12:34,3" (minutes:seconds, tenths); over an hour "1:02:34,3". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const tenths = Math.floor(ms / 100);
  const s = Math.floor(tenths / 10);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = `${String(s % 60).padStart(2, '0')},${tenths % 10}`;
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** "2026-11-25 08:00:05" in Vietnam's time zone. */
export const vnDateTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }) : '');

export interface WinnerLine {
  award: AwardRow;
  /** Individual prizes: the result in the prize's ranking. */
  result?: { correct: number; questionCount: number; durationMs: number; prediction: number | null; distance: number | null; finishedAt: string };
  /** Collective prizes: the unit's line in the units' ranking. */
  unit?: UnitRankRow;
}

/** Each award with the result it was given for (rankings computed once per ranking). */
export async function winnerLines(db: Kysely<DB>, contest: AdminContestRow, awards: AwardRow[]): Promise<WinnerLine[]> {
  const rounds = new Map<number, Map<number, RoundRankRow>>();
  let overall: Map<number, OverallRankRow> | undefined;
  const units = new Map<string, Map<number, UnitRankRow>>();
  const lines: WinnerLine[] = [];
  for (const award of awards) {
    if (award.prize_kind === 'collective') {
      const k = String(award.round_id ?? 'all');
      if (!units.has(k)) units.set(k, new Map((await unitRanking(db, contest, 'rate', award.round_id ?? undefined)).map((u) => [u.unitId, u])));
      lines.push({ award, unit: award.unit_id === null ? undefined : units.get(k)!.get(award.unit_id) });
      continue;
    }
    if (award.registration_id === null) {
      lines.push({ award });
      continue;
    }
    if (award.round_id === null) {
      overall ??= new Map((await overallRanking(db, contest)).map((r) => [r.registrationId, r]));
      const r = overall.get(award.registration_id);
      lines.push({ award, result: r && { correct: r.correct, questionCount: r.questionCount, durationMs: r.durationMs, prediction: null, distance: r.predictionDistance, finishedAt: r.lastFinishedAt } });
    } else {
      if (!rounds.has(award.round_id)) rounds.set(award.round_id, new Map((await roundRanking(db, contest, award.round_id)).rows.map((r) => [r.registrationId, r])));
      const r = rounds.get(award.round_id)!.get(award.registration_id);
      lines.push({ award, result: r && { correct: r.correct, questionCount: r.questionCount, durationMs: r.durationMs, prediction: r.prediction, distance: r.predictionDistance, finishedAt: r.finishedAt } });
    }
  }
  return lines;
}

export const rankingLabel = (t: T, a: { round_number: number | null; round_title: string | null }) =>
  a.round_number === null ? t('ca.overall') : t('ca.roundLabel', { n: a.round_number, title: a.round_title ?? '' });

export async function winnersWorkbook(contest: AdminContestRow, lines: WinnerLine[], t: T): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kynangso';
  const ws = wb.addWorksheet(t('ca.xlsx.winnersSheet'), { views: [{ state: 'frozen', ySplit: 2 }] });
  const cols = ['no', 'prize', 'ranking', 'place', 'name', 'unit', 'phone', 'correct', 'duration', 'prediction', 'distance', 'submitted', 'contestants', 'rate', 'status', 'code'] as const;
  const widths = [6, 22, 22, 8, 28, 30, 16, 12, 16, 10, 12, 20, 12, 12, 14, 28];
  ws.addRow([contest.title]).font = { bold: true, size: 13 };
  ws.addRow(cols.map((c) => t(`ca.xlsx.col.${c}`)));
  ws.getRow(2).eachCell((cell) => (cell.style = headerStyle));
  cols.forEach((_c, i) => (ws.getColumn(i + 1).width = widths[i]));
  lines.forEach(({ award: a, result: r, unit: u }, i) => {
    ws.addRow([
      i + 1,
      a.prize_name,
      rankingLabel(t, a),
      a.place,
      a.prize_kind === 'collective' ? (a.unit_name ?? '') : (a.full_name ?? t('ca.nameRemoved')),
      a.prize_kind === 'collective' ? (a.unit_code ?? '') : (a.unit_name ?? ''),
      a.prize_kind === 'collective' ? '' : maskPhone(a.phone),
      r ? `${r.correct}/${r.questionCount}` : '',
      r ? formatDuration(r.durationMs) : '',
      r?.prediction ?? '',
      r?.distance ?? '',
      r ? vnDateTime(r.finishedAt) : '',
      u ? u.contestants : '',
      u?.rate != null ? `${(u.rate * 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%` : '',
      t(`ca.awardStatus.${a.status}`),
      a.code,
    ]);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The statistics as .xlsx, streamed: the aggregate sheets, then the contestants (batches of the caller's units). */
export function statsWorkbookStream(
  db: Kysely<DB>,
  stats: ContestStats,
  batches: AsyncIterable<ContestantRow[]>,
  t: T,
  onError: (err: unknown) => void,
): Readable {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = (name: string, headers: string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = headers.map((h, i) => ({ header: h, key: `c${i}`, width: widths[i] ?? 14 }));
    ws.getRow(1).eachCell((cell) => (cell.style = headerStyle));
    return ws;
  };
  (async () => {
    let ws = sheet(t('ca.xlsx.perDay'), [t('ca.stats.day'), t('ca.stats.registrants')], [14, 14]);
    for (const d of stats.perDay) ws.addRow([d.day, d.registrants]).commit();
    ws.commit();
    ws = sheet(t('ca.xlsx.perUnit'), [t('ca.col.unitCode'), t('ca.col.unit'), t('ca.stats.registrants'), t('ca.stats.contestants')], [12, 34, 14, 14]);
    for (const u of stats.perUnit) ws.addRow([u.code, u.name, u.registrants, u.contestants]).commit();
    ws.commit();
    ws = sheet(t('ca.xlsx.perGroup'), [t('ca.stats.group'), t('ca.stats.registrants')], [34, 14]);
    for (const g of stats.perGroup) ws.addRow([t(`targetGroup.${g.group}`), g.registrants]).commit();
    ws.commit();
    ws = sheet(t('ca.xlsx.distribution'), [t('ca.col.round'), t('ca.stats.correctK'), t('ca.stats.contestants')], [24, 14, 14]);
    for (const r of stats.rounds) for (const d of r.distribution) ws.addRow([r.title, d.correct, d.contestants]).commit();
    ws.commit();
    ws = sheet(t('ca.xlsx.questions'), [t('ca.col.round'), t('ca.stats.question'), t('ca.stats.answered'), t('ca.stats.right'), t('ca.stats.share')], [24, 60, 12, 12, 12]);
    for (const r of stats.rounds) for (const q of r.questions) ws.addRow([r.title, q.text, q.answered, q.right, Math.round(q.share * 1000) / 10]).commit();
    ws.commit();
    const roundHeads = stats.rounds.map((r) => t('ca.xlsx.bestIn', { title: r.title }));
    ws = sheet(
      t('ca.xlsx.contestants'),
      [t('ca.xlsx.col.name'), t('ca.xlsx.col.phone'), t('ca.col.unitCode'), t('ca.col.unit'), t('ca.stats.group'), t('ca.xlsx.col.registeredAt'), ...roundHeads],
      [28, 16, 12, 30, 26, 20, ...roundHeads.map(() => 14)],
    );
    for await (const rows of batches) {
      const best = await bestPerRound(db, rows.map((r) => r.id));
      for (const r of rows) {
        const mine = best.get(r.id);
        ws.addRow([r.full_name, maskPhone(r.phone), r.unit_code, r.unit_name, t(`targetGroup.${r.target_group}`), vnDateTime(r.registered_at), ...stats.rounds.map((rd) => mine?.get(rd.roundId) ?? '')]).commit();
      }
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => {
    onError(err);
    stream.destroy(err as Error);
  });
  return stream;
}
