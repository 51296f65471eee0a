/**
 * Demo initiatives and models (first start, when there is none): two accepted ones (public at /sang-kien) —
 * one of Phường Thành Đông replicated by Xã Nam Sách and Phường Hải Dương —, one awaiting review, and one
 * returned with the city's comment. No attachments and no personal data.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { unitByCode } from '../units/repository.js';

const DAY = 86_400_000;

type Demo = {
  unit: string;
  title: string;
  description: string;
  results: string;
  status: 'accepted' | 'submitted' | 'returned';
  daysAgo: number;
  comment?: string;
  replicatedBy?: string[];
};

const DEMOS: Demo[] = [
  {
    unit: '10507',
    title: 'Tổ công nghệ số “đi từng ngõ, gõ từng nhà”',
    description:
      'Mỗi tổ dân phố có một tổ công nghệ số cộng đồng gồm đoàn viên thanh niên, cán bộ tổ dân phố và hội viên phụ nữ. Tối thứ Ba và thứ Năm hằng tuần, tổ đến từng hộ gia đình để hướng dẫn cài đặt, kích hoạt VNeID, nộp hồ sơ dịch vụ công trực tuyến và thanh toán không dùng tiền mặt.\n\nNgười cao tuổi được ưu tiên hướng dẫn tại nhà; mỗi lần hỗ trợ đều được ghi vào sổ nhật ký để theo dõi.',
    results: 'Sau 6 tháng: hơn 3.200 lượt người dân được hỗ trợ, trong đó 410 người cao tuổi; 92% hộ gia đình có ít nhất một người dùng VNeID mức 2.',
    status: 'accepted',
    daysAgo: 40,
    replicatedBy: ['10606', '10525'],
  },
  {
    unit: '10606',
    title: '“Góc học số” tại nhà văn hóa thôn',
    description:
      'Mỗi nhà văn hóa thôn bố trí một góc học số với máy tính kết nối Internet, mã QR dẫn tới các bài học trên nền tảng và lịch trực của tổ công nghệ số. Buổi sáng Chủ nhật, học sinh THCS, THPT hướng dẫn ông bà, cha mẹ sử dụng điện thoại thông minh.',
    results: '7 góc học số hoạt động thường xuyên; 1.150 lượt người đến học trong quý; 640 người hoàn thành khóa “Kỹ năng số cơ bản”.',
    status: 'accepted',
    daysAgo: 25,
  },
  {
    unit: '10525',
    title: 'Chợ 4.0: thanh toán không dùng tiền mặt tại chợ dân sinh',
    description: 'Hướng dẫn tiểu thương mở tài khoản, in mã QR thanh toán và nhận diện mã QR giả mạo; treo bảng hướng dẫn tại cổng chợ.',
    results: '85% tiểu thương chợ Hải Dương có mã QR thanh toán.',
    status: 'submitted',
    daysAgo: 3,
  },
  {
    unit: '10532',
    title: 'Câu lạc bộ “Ông bà học số”',
    description: 'Sinh hoạt hằng tháng cho người cao tuổi về sử dụng điện thoại thông minh.',
    results: 'Đang triển khai.',
    status: 'returned',
    daysAgo: 10,
    comment: 'Đề nghị đơn vị bổ sung số buổi sinh hoạt đã tổ chức, số hội viên tham gia và kết quả cụ thể (số người đã sử dụng được dịch vụ công trực tuyến, VNeID).',
  },
];

export async function ensureDemoInitiatives(db: Kysely<DB>, config: Config, now = new Date()): Promise<number | null> {
  if (!config.demoCourse) return null;
  if (await db.selectFrom('initiatives').select('id').limit(1).executeTakeFirst()) return null;
  let first: number | null = null;
  for (const d of DEMOS) {
    const unit = await unitByCode(db, d.unit);
    if (!unit) continue;
    const submitted = new Date(now.getTime() - d.daysAgo * DAY).toISOString();
    const decided = d.status === 'submitted' ? null : new Date(now.getTime() - (d.daysAgo - 2) * DAY).toISOString();
    const { id } = await db
      .insertInto('initiatives')
      .values({ unit_id: unit.id, title: d.title, description: d.description, results: d.results, status: d.status, created_by: null, submitted_at: submitted, decided_at: decided, decided_by: null, created_at: submitted, updated_at: decided ?? submitted })
      .returning('id')
      .executeTakeFirstOrThrow();
    first ??= id;
    await db.insertInto('initiative_history').values({ initiative_id: id, action: 'submitted', comment: null, actor_id: null, at: submitted }).execute();
    if (decided) await db.insertInto('initiative_history').values({ initiative_id: id, action: d.status, comment: d.comment ?? null, actor_id: null, at: decided }).execute();
    for (const [i, code] of (d.replicatedBy ?? []).entries()) {
      const by = await unitByCode(db, code);
      if (!by) continue;
      const on = new Date(now.getTime() - (10 - i * 5) * DAY + 7 * 3600_000).toISOString().slice(0, 10);
      await db.insertInto('initiative_replications').values({ initiative_id: id, unit_id: by.id, replicated_on: on, note: null, recorded_by: null, created_at: now.toISOString() }).execute();
    }
  }
  return first;
}
