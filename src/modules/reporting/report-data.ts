/**
 * What the generated report says, computed from the period's data: the placeholder values of the templates
 * (report-templates.ts) and the lists (classes, hosted courses, initiatives). One function, used by the .docx, the
 * report page's preview and the tests.
 *
 * The report's subject is a unit (the city for the city report, a commune or department for a unit's own report);
 * its "agency" is the issuing unit: for the city report the unit REPORT_AGENCY_UNIT (the Department of Science and
 * Technology), for a unit's report the unit itself. The agency's own courses are "its classes": archived ones count
 * as held ("đã hoàn thành tổ chức"), published ones as running ("đang tổ chức"). Courses hosted by other units of the
 * subject (e.g. the education department's) are the courses "hosted for other departments".
 * Hand-entered figures (articles, banners, …) come from the accepted unit filings (filings-service.filedFigures),
 * exposed as {nop.<code>}; {tin_bai_co_quan} is the agency's own articles, {tin_bai_dia_phuong} everyone else's.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ReportConfig } from '../../config.js';
import { computeIndicators, distinctLearners, periodBounds, type CourseFigure, type Indicators, type Period } from './indicators.js';
import { filedFigures } from './filings-service.js';

export interface ReportUnit {
  id: number;
  code: string;
  name: string;
  type: string;
  path: string;
}

export interface ReportData {
  period: Period;
  /** The unit reported on, and whether it is the city's report. */
  unit: ReportUnit;
  cityReport: boolean;
  agencyName: string;
  indicators: Indicators;
  values: Record<string, string>;
  classesHeld: CourseFigure[];
  classesRunning: CourseFigure[];
  partnerCourses: CourseFigure[];
  initiatives: Array<{ unit: string; title: string; results: string }>;
}

const nf = new Intl.NumberFormat('vi-VN');
export const num = (v: number) => nf.format(v);
/** Counts under ten written with two digits, as official documents do ("04 lớp"). */
export const count2 = (v: number) => (v >= 0 && v < 10 ? `0${v}` : num(v));
export const pct = (part: number, whole: number | null) =>
  whole ? `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format((100 * part) / whole)}%` : '…';
/** dd/mm/yyyy of an ISO date. */
export const dmy = (d: string) => d.split('-').reverse().join('/');
export function lastDay(period: Period): string {
  const d = new Date(period.to + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function reportData(db: Kysely<DB>, cfg: ReportConfig, publicUrl: string, unit: ReportUnit, cityReport: boolean, period: Period): Promise<ReportData> {
  const agencyUnit = cityReport
    ? ((await db.selectFrom('units').select(['id', 'code', 'name', 'type', 'path']).where('code', '=', cfg.agencyUnitCode).executeTakeFirst()) ?? unit)
    : unit;
  const [ind, agencyInd, filed, agencyFiled] = await Promise.all([
    computeIndicators(db, unit.path, period),
    agencyUnit.id === unit.id ? undefined : computeIndicators(db, agencyUnit.path, period),
    filedFigures(db, unit.path, period),
    filedFigures(db, agencyUnit.path, period),
  ]);
  ind.filed = filed;
  // Courses in the order they were created (the seed numbers its classes so), not by size.
  const byId = (a: CourseFigure, b: CourseFigure) => a.courseId - b.courseId;
  const own = [...(agencyInd ?? ind).hostedCourses].sort(byId).filter((c) => c.hostUnitId === agencyUnit.id || (cityReport && c.hostUnitId === unit.id));
  const ownIds = new Set(own.map((c) => c.courseId));
  const classesHeld = own.filter((c) => c.status === 'archived');
  const classesRunning = own.filter((c) => c.status === 'published');
  const partnerCourses = [...ind.hostedCourses].sort(byId).filter((c) => !ownIds.has(c.courseId) && c.status !== 'draft' && c.hostUnitId !== unit.id && c.hostUnitId !== agencyUnit.id);
  const [runningLearners, partnerLearners] = await Promise.all([
    distinctLearners(db, classesRunning.map((c) => c.courseId), period),
    distinctLearners(db, partnerCourses.map((c) => c.courseId), period),
  ]);

  const { fromTs, toTs } = periodBounds(period);
  const initiatives = await db
    .selectFrom('initiatives')
    .innerJoin('units', 'units.id', 'initiatives.unit_id')
    .select(['units.name as unit', 'initiatives.title', 'initiatives.results'])
    .where('units.path', 'like', `${unit.path}%`)
    .where('initiatives.status', '=', 'accepted')
    .where('initiatives.decided_at', '>=', fromTs)
    .where('initiatives.decided_at', '<', toTs)
    .orderBy('initiatives.decided_at')
    .limit(10)
    .execute();

  const agencyName = agencyUnit.name;
  const u = ind.units;
  const unitsTotal = u.communes + u.departments;
  const unitsActive = u.communesActive + u.departmentsActive;
  const c = ind.community;
  const articlesAll = filed.articles ?? 0;
  const articlesAgency = agencyFiled.articles ?? 0;
  const values: Record<string, string> = {
    nam: String(Number(lastDay(period).slice(0, 4))),
    tu_ngay: dmy(period.from),
    den_ngay: dmy(lastDay(period)),
    ten_co_quan: agencyName,
    ten_don_vi: unit.name,
    dia_chi_he_thong: publicUrl,
    so_xa_phuong: num(u.communes),
    so_so_nganh: num(u.departments),
    so_don_vi: num(unitsTotal),
    so_don_vi_trien_khai: num(unitsActive),
    ty_le_don_vi_trien_khai: pct(unitsActive, unitsTotal),
    tin_bai_co_quan: 'articles' in agencyFiled ? num(articlesAgency) : '…',
    tin_bai_dia_phuong: 'articles' in filed ? num(articlesAll - (agencyUnit.id === unit.id ? 0 : articlesAgency)) : '…',
    so_hoc_lieu_scorm: num((agencyInd ?? ind).content.scorm ?? 0),
    so_hoc_lieu_video: num((agencyInd ?? ind).content.video ?? 0),
    so_lop_da_to_chuc: count2(classesHeld.length),
    tong_hoc_vien_cac_lop: num(classesHeld.reduce((s, x) => s + x.enrolments, 0)),
    so_lop_dang_to_chuc: count2(classesRunning.length),
    danh_sach_lop_dang_to_chuc: classesRunning.map((x) => x.title).join('; ') || '…',
    so_hoc_vien_lop_dang_to_chuc: num(runningLearners),
    don_vi_phoi_hop: [...new Set(partnerCourses.map((x) => x.hostUnitName))].join(', ') || '…',
    so_lop_phoi_hop: count2(partnerCourses.length),
    danh_sach_lop_phoi_hop: partnerCourses.map((x, i) => `(${i + 1}) ${x.title}`).join('; ') || '…',
    so_hoc_vien_phoi_hop: num(partnerLearners),
    so_hoc_vien: num(ind.learners.total),
    so_can_bo_hoc: num(ind.learners.publicServants),
    so_don_vi_can_bo: num(u.communesWithPublicServants + u.departmentsWithPublicServants),
    so_xa_can_bo: num(u.communesWithPublicServants),
    so_so_can_bo: num(u.departmentsWithPublicServants),
    so_dat_pho_cap: ind.basicSkills.ruleSet ? num(ind.basicSkills.attained) : '…',
    ty_le_pho_cap_dan_so: ind.basicSkills.ruleSet ? pct(ind.basicSkills.attained, ind.basicSkills.population) : '…',
    ten_cuoc_thi: ind.contest.byContest[0]?.title ?? '…',
    so_xa_du_thi: num(ind.contest.communesWithRegistrants),
    luot_truy_cap: num(ind.contest.visits),
    so_thi_sinh: num(ind.contest.registrants),
    luot_thi: num(ind.contest.attempts),
    giay_khen_tap_the: count2(ind.contest.awards.collective),
    giay_khen_ca_nhan: count2(ind.contest.awards.individual),
    so_nguoi_duoc_ho_tro: num(c.peopleHelped),
    luot_ho_tro: num(c.supportSessions),
    so_nguoi_cao_tuoi: num(c.vulnerableHelped),
    so_dai_su_so: num(c.mentors),
    so_nguoi_duoc_kem: num(c.mentees),
    so_gia_dinh_so: num(c.digitalFamilies),
    so_ho_gia_dinh: num(c.households),
    so_su_kien: num(c.events),
    so_ngay_hoc_so: num(c.learningDays),
    luot_tham_du: num(c.attendance),
    so_sang_kien: num(c.initiativesProposed),
    so_sang_kien_cong_nhan: num(c.initiativesAccepted),
    luot_nhan_rong: num(c.replications),
    so_to_cong_nghe: num(c.teams),
    so_thanh_vien_to: num(c.teamMembers),
  };
  for (const [code, v] of Object.entries(filed)) values[`nop.${code}`] = num(v);
  return {
    period,
    unit,
    cityReport,
    agencyName,
    indicators: ind,
    values,
    classesHeld,
    classesRunning,
    partnerCourses,
    initiatives: initiatives.map((r) => ({ unit: r.unit, title: r.title, results: r.results })),
  };
}

/** Placeholders and what they hold (for the template page), in the order of the report. */
export const PLACEHOLDER_HELP: Array<[string, string]> = [
  ['nam, tu_ngay, den_ngay', 'Năm và các ngày của kỳ báo cáo'],
  ['ten_co_quan, ten_don_vi', 'Cơ quan báo cáo; đơn vị được báo cáo'],
  ['so_xa_phuong, so_so_nganh, so_don_vi', 'Số xã, phường, đặc khu; số sở, ban, ngành; tổng số đơn vị'],
  ['so_don_vi_trien_khai, ty_le_don_vi_trien_khai', 'Đơn vị có người học trong kỳ, và tỷ lệ'],
  ['tin_bai_co_quan, tin_bai_dia_phuong', 'Tin bài của cơ quan báo cáo; của các đơn vị khác (từ số liệu đơn vị báo cáo)'],
  ['nop.<mã>', 'Số liệu đơn vị báo cáo đã được công nhận (articles, banners, broadcasts, training_sessions, training_attendees, …)'],
  ['so_hoc_lieu_scorm, so_hoc_lieu_video', 'Học liệu SCORM, video trong các khóa học của cơ quan'],
  ['so_lop_da_to_chuc, tong_hoc_vien_cac_lop', 'Lớp đã hoàn thành (khóa học đã lưu trữ) và tổng lượt học viên'],
  ['stt, ten_lop, so_hoc_vien, so_hoan_thanh', 'Trong mẫu “lop”: một lớp đã hoàn thành'],
  ['so_lop_dang_to_chuc, danh_sach_lop_dang_to_chuc, so_hoc_vien_lop_dang_to_chuc', 'Lớp đang tổ chức (khóa học đang mở)'],
  ['don_vi_phoi_hop, so_lop_phoi_hop, danh_sach_lop_phoi_hop, so_hoc_vien_phoi_hop', 'Lớp của đơn vị khác tổ chức trên hệ thống'],
  ['so_hoc_vien, so_can_bo_hoc, so_don_vi_can_bo, so_xa_can_bo, so_so_can_bo', 'Người học trong kỳ; cán bộ, công chức, viên chức và số đơn vị của họ'],
  ['so_dat_pho_cap, ty_le_pho_cap_dan_so', 'Người đạt phổ cập kỹ năng số, tỷ lệ trên dân số'],
  ['ten_cuoc_thi, so_xa_du_thi, luot_truy_cap, so_thi_sinh, luot_thi, giay_khen_tap_the, giay_khen_ca_nhan', 'Cuộc thi trực tuyến'],
  ['so_nguoi_duoc_ho_tro, luot_ho_tro, so_nguoi_cao_tuoi', 'Hỗ trợ của Tổ công nghệ số cộng đồng'],
  ['so_dai_su_so, so_nguoi_duoc_kem, so_gia_dinh_so, so_ho_gia_dinh', 'Đại sứ số và người học; gia đình số'],
  ['so_su_kien, so_ngay_hoc_so, luot_tham_du', 'Sự kiện, “Một ngày học số”, lượt tham dự'],
  ['so_sang_kien, so_sang_kien_cong_nhan, luot_nhan_rong', 'Sáng kiến, mô hình'],
  ['don_vi, ten_sang_kien, ket_qua', 'Trong mẫu “sang_kien”: một sáng kiến được công nhận trong kỳ'],
  ['so_to_cong_nghe, so_thanh_vien_to', 'Tổ công nghệ số cộng đồng và thành viên'],
  ['dia_chi_he_thong', 'Địa chỉ của hệ thống'],
];
