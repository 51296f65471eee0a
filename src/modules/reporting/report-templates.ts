/**
 * The narrative of the generated report: one template per passage, in the seed's own words, with placeholders in
 * braces — {so_hoc_vien}, {nop.articles} — that the report fills from the period's figures (report-data.ts lists
 * them, with what each one counts). The city edits the templates at /quan-tri/bao-cao/mau (report:manage).
 *
 * Storage: the `settings` table, key 'report_templates', a JSON object { key: text } holding only the templates
 * the city changed; a template saved equal to its default, or emptied, falls back to the default.
 *
 * Text format: paragraphs are separated by a blank line; a paragraph starting with "- " is a list item (kept as
 * it is, the way the seed writes lists). An unknown placeholder is left as written, so a typo is visible in the
 * draft; a figure the platform does not have (a hand-entered figure nobody filed) is shown as "…".
 *
 * {nop.<code>} is any count figure of the city's filing forms: the default form (migration 015) has articles,
 * banners, broadcasts, training_sessions and training_attendees; the telecom figures of 2.6 ({nop.fiber_km},
 * {nop.bts_stations}, {nop.bts_5g}) are filled as soon as the city adds figures with these codes to its form and
 * the filings that carry them are accepted (test/reporting-report.test.ts). The seed's Internet speeds (313 Mbps,
 * 233,41 Mbps, …) are not in the template: a form figure is a whole number summed over units, not a measurement.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const TEMPLATES_KEY = 'report_templates';

export const TEMPLATE_KEYS = [
  'trich_yeu',
  'mo_dau',
  'trien_khai',
  'tuyen_truyen',
  'hoc_lieu',
  'nen_tang',
  'lop',
  'lop_dang_to_chuc',
  'lop_phoi_hop',
  'pho_cap',
  'mo_hinh',
  'sang_kien',
  'ha_tang',
  'to_cong_nghe',
  'uu_diem',
  'han_che',
  'phuong_huong',
  'noi_nhan',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const DEFAULT_TEMPLATES: Record<TemplateKey, string> = {
  trich_yeu: 'Kết quả triển khai Phong trào “Bình dân học vụ số” năm {nam}',
  mo_dau:
    'Thực hiện Kế hoạch số 478-KH/TU ngày 01/6/2025 của Thành ủy Hải Phòng về triển khai Phong trào “Bình dân học vụ số”; chỉ đạo của Ủy ban nhân dân thành phố về việc triển khai đồng bộ phong trào “Bình dân học vụ số”, “Ngày hội toàn dân học tập số” và “Ngày chuyển đổi số quốc gia”, {ten_co_quan} báo cáo kết quả triển khai Phong trào “Bình dân học vụ số” năm {nam} (từ ngày {tu_ngay} đến ngày {den_ngay}) như sau:',
  trien_khai:
    'Thực hiện chỉ đạo của Thành ủy và Ủy ban nhân dân thành phố, {ten_co_quan} đã ban hành Kế hoạch triển khai Phong trào “Bình dân học vụ số” năm {nam}, cụ thể hóa các mục tiêu, nhiệm vụ, giải pháp triển khai Phong trào bảo đảm đồng bộ, toàn diện; thống nhất trong tổ chức thực hiện, hướng đến phổ cập kỹ năng số cơ bản cho mọi người dân, theo từng nhóm đối tượng, từng địa phương, đảm bảo chất lượng, tiến độ đề ra.\n\n' +
    'Phong trào “Bình dân học vụ số”, “Ngày hội toàn dân học tập số” và Cuộc thi “{ten_cuoc_thi}” đã được triển khai tới các sở, ban, ngành và {so_xa_phuong} xã, phường, đặc khu trên địa bàn thành phố.\n\n' +
    '{ty_le_don_vi_trien_khai} các sở, ban, ngành và UBND các xã, phường, đặc khu ({so_don_vi_trien_khai}/{so_don_vi} đơn vị) đã triển khai tổ chức đồng bộ phong trào “Bình dân học vụ số”, “Ngày hội toàn dân học tập số” và “Ngày chuyển đổi số quốc gia” tại địa phương, đơn vị.',
  tuyen_truyen:
    'Công tác tuyên truyền về triển khai phong trào “Bình dân học vụ số” năm {nam} đã được các sở, ban, ngành thành phố và UBND các xã, phường, đặc khu, các cơ sở giáo dục triển khai đồng bộ, bằng những hoạt động thiết thực, đa dạng, bám sát nội dung, chủ đề của phong trào, cụ thể:\n\n' +
    '{ten_co_quan} tổ chức tuyên truyền {tin_bai_co_quan} tin bài trên Cổng Thông tin Chuyển đổi số thành phố và Cổng Thông tin điện tử của Sở; các địa phương đã tổ chức tuyên truyền trực quan thông qua {nop.banners} pano, băng rôn khẩu hiệu; {nop.broadcasts} lượt phát thanh trên hệ thống loa; các nền tảng số như Cổng thông tin điện tử, Zalo, mạng xã hội; tuyên truyền, phổ biến rộng rãi trên các phương tiện thông tin đại chúng với {tin_bai_dia_phuong} tin bài, phóng sự và hàng nghìn hình ảnh, video.',
  hoc_lieu:
    'Với mục tiêu phổ cập tri thức cơ bản về chuyển đổi số, kỹ năng số cho người dân với tinh thần cách mạng, toàn dân, toàn diện, {ten_co_quan} đã cụ thể hóa Khung kỹ năng số, xây dựng chương trình phổ cập kỹ năng số phù hợp với Khung kỹ năng số do Bộ Khoa học và Công nghệ quy định, tập trung vào nội dung cốt lõi, tăng cường thực hành, ứng dụng trong công việc và đời sống. Sở đã xây dựng {so_hoc_lieu_scorm} học liệu dạng SCORM (đồ họa kết hợp tương tác) ngắn gọn, dễ hiểu, dễ thực hiện đưa lên nền tảng học trực tuyến mở đại trà – MOOCs phục vụ đông đảo người dân tham gia; xây dựng {so_hoc_lieu_video} video học liệu bồi dưỡng kỹ năng số cho cán bộ công chức, viên chức, tổ công nghệ số cộng đồng phổ cập rộng rãi trên nền tảng đào tạo kỹ năng số thành phố.',
  nen_tang:
    'Tổ chức vận hành và duy trì Hệ thống phát triển kỹ năng số thành phố (tại địa chỉ: {dia_chi_he_thong}) để đào tạo, bồi dưỡng, phổ cập kiến thức về chuyển đổi số, kỹ năng số cho mọi đối tượng theo phong trào “Bình dân học vụ số”, đảm bảo chất lượng, hiệu quả. Trên hệ thống Phát triển kỹ năng số thành phố đã hoàn thành tổ chức {so_lop_da_to_chuc} lớp tập huấn với {tong_hoc_vien_cac_lop} lượt học viên tham gia, cụ thể:',
  lop: '- Lớp {stt}: {ten_lop}. Hiện nay đã có {so_hoc_vien} học viên tham gia khóa học, {so_hoan_thanh} học viên đã hoàn thành.',
  lop_dang_to_chuc:
    'Hiện nay trên Hệ thống phát triển kỹ năng số thành phố đang tổ chức {so_lop_dang_to_chuc} lớp: {danh_sach_lop_dang_to_chuc}. Hiện đã tạo lập tài khoản cho {so_hoc_vien_lop_dang_to_chuc} học viên.',
  lop_phoi_hop:
    '- Ngoài ra, đã phối hợp và hỗ trợ {don_vi_phoi_hop} đưa lên hệ thống và tổ chức {so_lop_phoi_hop} lớp học, gồm: {danh_sach_lop_phoi_hop}. Đến nay đã có {so_hoc_vien_phoi_hop} học viên tham gia.',
  pho_cap:
    'Tổ chức các lớp bồi dưỡng, tập huấn để cập nhật, nâng cao trình độ về chuyển đổi số, kỹ năng số cho cán bộ, công chức, viên chức và người lao động: {ty_le_don_vi_trien_khai} các sở, ban, ngành và các xã, phường, đặc khu trên địa bàn thành phố triển khai phổ cập tri thức về chuyển đổi số, kỹ năng số, hướng dẫn sử dụng nền tảng số, dịch vụ số. Đã có {so_can_bo_hoc} cán bộ, công chức, viên chức, tổ công nghệ số cộng đồng của {so_don_vi_can_bo} đơn vị ({so_xa_can_bo} xã, phường, đặc khu và {so_so_can_bo} sở, ban, ngành thành phố) được tập huấn về chuyển đổi số trên nền tảng học trực tuyến. Thông qua lớp tập huấn đã nâng cao nhận thức ứng dụng công nghệ thông tin, kỹ năng số, chuyển đổi số phục vụ cho vận hành mô hình chính quyền địa phương 2 cấp.\n\n' +
    'Tổ chức {nop.training_sessions} lớp tập huấn trực tiếp cho cán bộ, công chức, viên chức và tổ công nghệ số cộng đồng với {nop.training_attendees} học viên tham gia.\n\n' +
    'Toàn thành phố có {so_hoc_vien} người tham gia học tập trên hệ thống trong kỳ báo cáo; {so_dat_pho_cap} người đạt chuẩn phổ cập kỹ năng số ({ty_le_pho_cap_dan_so} dân số).',
  mo_hinh:
    '{ty_le_don_vi_trien_khai} các sở, ban, ngành và các xã, phường, đặc khu trên địa bàn thành phố đã triển khai hiệu quả việc đề xuất sáng kiến, cách làm hay, các mô hình hiệu quả nhằm ứng dụng kỹ năng số vào phục vụ trực tiếp đời sống, sản xuất và kinh doanh: {so_sang_kien} sáng kiến, mô hình được đề xuất, {so_sang_kien_cong_nhan} được công nhận, {luot_nhan_rong} lượt nhân rộng. Một số kết quả tiêu biểu như:\n\n' +
    '- {ten_co_quan} với phong trào toàn dân học tập số thông qua triển khai Cuộc thi trực tuyến “{ten_cuoc_thi}”. Cuộc thi đã nhận được sự quan tâm hưởng ứng của nhân dân tại {so_xa_du_thi}/{so_xa_phuong} xã, phường, đặc khu trên địa bàn thành phố. Kết thúc Cuộc thi đã có {luot_truy_cap} lượt người quan tâm truy cập, {so_thi_sinh} thí sinh đăng ký tham gia với {luot_thi} lượt thi. {ten_co_quan} đã tặng giấy khen cho {giay_khen_tap_the} tập thể và {giay_khen_ca_nhan} cá nhân đạt thành tích nổi bật tại Cuộc thi.\n\n' +
    '- Các Tổ công nghệ số cộng đồng với phương châm “đi từng ngõ, gõ từng nhà, hướng dẫn từng người” đã hỗ trợ {so_nguoi_duoc_ho_tro} người dân ({luot_ho_tro} lượt hỗ trợ), trong đó {so_nguoi_cao_tuoi} lượt người cao tuổi/yếu thế.\n\n' +
    '- Mạng lưới “Đại sứ số” với mô hình Người hướng dẫn (mentor) - Người học (mentee): {so_dai_su_so} Đại sứ số hướng dẫn {so_nguoi_duoc_kem} người học; phong trào “Gia đình số”: {so_gia_dinh_so}/{so_ho_gia_dinh} hộ gia đình có ít nhất một thành viên đạt phổ cập kỹ năng số; {so_su_kien} sự kiện, trong đó {so_ngay_hoc_so} buổi “Một ngày học số”, với {luot_tham_du} lượt người tham dự.',
  sang_kien: '- {don_vi} với sáng kiến, mô hình “{ten_sang_kien}”. {ket_qua}',
  ha_tang:
    'Xác định hạ tầng và đường truyền viễn thông, Internet đóng vai trò hết sức quan trọng trong triển khai các nền tảng đào tạo trực tuyến, {ten_co_quan} đã chỉ đạo các doanh nghiệp viễn thông nâng cấp hạ tầng viễn thông, Internet; đồng hành cùng doanh nghiệp tháo gỡ những khó khăn vướng mắc trong quá trình triển khai, với mục đích đáp ứng yêu cầu, nhu cầu về năng lực hạ tầng và chất lượng dịch vụ viễn thông, Internet phục vụ triển khai phong trào “Bình dân học vụ số”.\n\n' +
    'Toàn thành phố đã triển khai mới và đưa vào sử dụng {nop.fiber_km} km tuyến cáp truyền dẫn quang và {nop.bts_stations} trạm BTS, trong đó có {nop.bts_5g} trạm BTS 5G.',
  to_cong_nghe:
    'Tổ Công nghệ số cộng đồng đóng vai trò lớn trong thực hiện Phong trào “Bình dân học vụ số” ở cơ sở, các hoạt động liên quan trực tiếp đến người dân. Vì vậy, {ten_co_quan} đã tổ chức nhiều khóa đào tạo, tập huấn trực tuyến về kỹ năng số cơ bản cho các Tổ công nghệ số cộng đồng trên địa bàn thành phố; đồng thời ban hành văn bản yêu cầu các xã, phường, đặc khu thành lập, kiện toàn và đẩy mạnh hoạt động Tổ công nghệ số cộng đồng thôn, khu dân cư.\n\n' +
    'Toàn thành phố có {so_to_cong_nghe} Tổ công nghệ số cộng đồng với {so_thanh_vien_to} thành viên, đã thể hiện vai trò nòng cốt trong triển khai Phong trào “Bình dân học vụ số” tại địa phương, giúp hỗ trợ hướng dẫn người dân nộp hồ sơ trực tuyến tại các điểm cộng đồng, hỗ trợ người dân nâng cao kỹ năng số và cài đặt sử dụng các nền tảng số, dịch vụ số do chính quyền và doanh nghiệp cung cấp như: Dịch vụ công trực tuyến; Ứng dụng VneID…',
  uu_diem:
    'Phong trào “Bình dân học vụ số” đã được triển khai nghiêm túc, đảm bảo tiến độ, nội dung theo yêu cầu của Thành ủy, Ủy ban nhân dân thành phố. Các hoạt động đã được triển khai đồng bộ từ cấp thành phố đến các sở, ban, ngành và các xã, phường, đặc khu, thu hút sự tham gia tích cực của các cơ quan, đơn vị, trường học và người dân.\n\n' +
    'Các hình thức tuyên truyền đa dạng đã giúp phong trào được triển khai sâu rộng, với sự tham gia rộng rãi của người dân và nâng cao hiệu quả, tính bền vững của công cuộc chuyển đổi số quốc gia. Công tác chỉ đạo, điều hành nghiêm túc, kịp thời; các Sở, ban, ngành; xã, phường, đặc khu đã tổ chức nhiều hoạt động thiết thực, hiệu quả với nội dung, hình thức hoạt động phong phú, đa dạng, phù hợp với điều kiện thực tế; góp phần thúc đẩy việc đào tạo, bồi dưỡng và cập nhật kiến thức, kỹ năng số cơ bản cho người dân ở mọi lứa tuổi, trình độ.',
  han_che:
    'Bên cạnh những kết quả đạt được, quá trình triển khai Phong trào “Bình dân học vụ số” trên địa bàn thành phố vẫn còn tồn tại một số hạn chế, khó khăn nhất định:\n\n' +
    '- Nhận thức không đồng đều giữa các nhóm đối tượng: Một bộ phận người dân, đặc biệt là người cao tuổi, lao động phổ thông, người dân ít tiếp xúc với công nghệ vẫn còn tâm lý e ngại, chưa thực sự sẵn sàng tham gia học tập kỹ năng số hoặc tiếp cận các dịch vụ số.\n\n' +
    '- Hạn chế về thiết bị và hạ tầng công nghệ: Nhiều hộ dân chưa có điều kiện sở hữu điện thoại thông minh, máy tính kết nối Internet ổn định, dẫn đến khó khăn trong việc tham gia các nền tảng học trực tuyến hoặc sử dụng dịch vụ số thường xuyên.\n\n' +
    '- Kinh phí triển khai tại các đơn vị còn hạn chế, chủ yếu dựa vào lồng ghép từ các chương trình khác và nguồn xã hội hóa, trong khi nhu cầu đầu tư cho thiết bị hỗ trợ học tập, tài liệu, tuyên truyền và tập huấn tại cơ sở là rất lớn.\n\n' +
    '- Nguồn nhân lực hỗ trợ còn mỏng: Tại các địa phương mặc dù đã thành lập Tổ công nghệ số cộng đồng, huy động lực lượng nòng cốt là thanh niên, phụ nữ tham gia nhưng tại một số tổ dân phố vẫn còn thiếu nhân sự am hiểu công nghệ để hỗ trợ sâu sát, đặc biệt trong thời gian cao điểm triển khai phong trào.',
  phuong_huong:
    '- Tiếp tục thực hiện công tác tuyên truyền về đẩy mạnh, phát triển phong trào “Bình dân học vụ số”, “Ngày hội toàn dân học tập số” trên các phương tiện thông tin đại chúng, tuyên truyền đến các khu dân cư, các hộ gia đình và trong các cơ quan công sở nhà nước nhằm nâng cao nhận thức của các cấp, các ngành, các tổ chức, đoàn thể, các lực lượng xã hội giúp mọi người dân đều được trang bị kiến thức, kỹ năng số cần thiết để áp dụng trong cuộc sống hằng ngày.\n\n' +
    '- Đẩy mạnh triển khai sâu rộng phong trào “Bình dân học vụ số” theo phương châm “dễ hiểu - dễ làm - dễ tiếp cận”; khuyến khích toàn dân tham gia học tập, sử dụng nền tảng số, dịch vụ số, lớp học số trên các nền tảng trực tuyến và hệ thống phát triển kỹ năng số thành phố ({dia_chi_he_thong}), tạo điều kiện để cán bộ, công chức và các tổ chức đoàn thể duy trì thói quen học tập số thường xuyên.\n\n' +
    '- Lồng ghép nội dung thúc đẩy học tập số, nâng cao kỹ năng số trong các chương trình, kế hoạch phát triển kinh tế - xã hội, các phong trào thi đua yêu nước, cũng như trong các hoạt động chính trị - xã hội tại cơ sở.\n\n' +
    '- Tiếp tục duy trì và nâng cao hiệu quả hoạt động của các Tổ Công nghệ số cộng đồng, bảo đảm duy trì thường xuyên việc hỗ trợ người dân sử dụng các nền tảng số; hướng dẫn trực tiếp tại các Tổ dân phố; củng cố kỹ năng cho lực lượng thành viên, nhất là kỹ năng truyền thông số, an toàn thông tin, sử dụng ứng dụng VneID, dịch vụ công trực tuyến và các tiện ích số phục vụ đời sống./.',
  noi_nhan: '- Như trên;\n- Các Sở, ban, ngành TP;\n- UBND các xã, phường, đặc khu;\n- GĐ, các PGĐ Sở;\n- Lưu: VT, TTTT.',
};

export const MAX_TEMPLATE = 20_000;

export function isTemplateKey(k: string): k is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(k);
}

/** The templates in force: the city's edits over the defaults. */
export async function loadTemplates(db: Kysely<DB>): Promise<Record<TemplateKey, string>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', TEMPLATES_KEY).executeTakeFirst();
  const out = { ...DEFAULT_TEMPLATES };
  if (!row) return out;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return out;
  }
  if (stored && typeof stored === 'object') {
    for (const [k, v] of Object.entries(stored as Record<string, unknown>)) if (isTemplateKey(k) && typeof v === 'string' && v.trim()) out[k] = v;
  }
  return out;
}

/** Keeps only the templates that differ from the default (an emptied one returns to its default). */
export function normalizeEdits(input: Partial<Record<string, string>>): Partial<Record<TemplateKey, string>> {
  const out: Partial<Record<TemplateKey, string>> = {};
  for (const k of TEMPLATE_KEYS) {
    const v = (input[k] ?? '').replace(/\r\n?/g, '\n').trim();
    if (v && v !== DEFAULT_TEMPLATES[k]) out[k] = v.slice(0, MAX_TEMPLATE);
  }
  return out;
}

export async function saveTemplates(db: Kysely<DB>, edits: Partial<Record<TemplateKey, string>>, actorId: number | null): Promise<void> {
  const value = JSON.stringify(edits);
  const now = new Date().toISOString();
  await db
    .insertInto('settings')
    .values({ key: TEMPLATES_KEY, value, updated_at: now, updated_by: actorId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: actorId }))
    .execute();
}

/** Placeholders used in a template: {name} or {nop.code}. */
export const PLACEHOLDER = /\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\}/g;

/** Fill a template: known placeholders get their value, a hand-entered figure nobody filed "…", others stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name in values) return values[name];
    if (name.startsWith('nop.')) return '…';
    return whole;
  });
}

/** A filled template split into paragraphs (blank-line separated; single line breaks inside a paragraph join). */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .flatMap((p) => (p.split('\n').every((l) => l.trim().startsWith('- ')) ? p.split('\n') : [p.replace(/\s*\n\s*/g, ' ')]))
    .map((p) => p.trim())
    .filter(Boolean);
}
