import type { ComponentChildren } from 'preact';
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import { canAnywhere, type Actor } from '../../core/policy.js';
import type { HomeLink } from '../../core/home-links.js';
import '../roles/capabilities.js';
import '../roles/messages.js';
import '../courses/capabilities.js';
import '../courses/admin-messages.js';
import { learningAdminCards } from '../course-reports/admin-cards.js';
import './messages.js';

export function HomePage(props: { ctx: ViewCtx; communes: number; departments: number; learners: number }) {
  const { ctx } = props;
  const fmt = (n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <Layout ctx={ctx} title={ctx.t('home.title')}>
      <section class="hero">
        <h1>{ctx.t('home.title')}</h1>
        <p class="lead">{ctx.t('home.lead', { city: ctx.cityName })}</p>
        <p>
          {ctx.actor ? (
            <a class="button" href="/hoc-tap">{ctx.t('home.ctaSignedIn')}</a>
          ) : (
            <a class="button" href="/dang-ky">{ctx.t('home.cta')}</a>
          )}
        </p>
      </section>
      <h2>{ctx.t('home.what')}</h2>
      <ul class="cards">
        <li class="card">
          <h3>{ctx.t('home.learn')}</h3>
          <p>{ctx.t('home.learnText')}</p>
        </li>
        <li class="card">
          <h3>{ctx.t('home.contest')}</h3>
          <p>{ctx.t('home.contestText')}</p>
        </li>
        <li class="card">
          <h3>{ctx.t('home.community')}</h3>
          <p>{ctx.t('home.communityText')}</p>
        </li>
      </ul>
      <h2>{ctx.t('home.figures')}</h2>
      <ul class="cards">
        <li class="card">
          <span class="stat">{fmt(props.communes)}</span> {ctx.t('home.communes')}
        </li>
        <li class="card">
          <span class="stat">{fmt(props.departments)}</span> {ctx.t('home.departments')}
        </li>
        <li class="card">
          <span class="stat">{fmt(props.learners)}</span> {ctx.t('home.learners')}
        </li>
      </ul>
    </Layout>
  );
}

/** The learner home; the courses module (which serves /hoc-tap) passes the learner's courses as children. */
export function LearnerHome(props: { ctx: ViewCtx; unitName: string; links?: HomeLink[]; children?: ComponentChildren }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('learner.title')}>
      <h1>{ctx.t('learner.title')}</h1>
      <p class="lead">{ctx.t('learner.welcome', { name: ctx.actor?.fullName ?? '' })}</p>
      <p>{ctx.t('learner.unit', { unit: props.unitName })}</p>
      {props.links && props.links.length > 0 && (
        <ul class="cards">
          {props.links.map((l) => (
            <li class="card">
              <h2>
                <a href={l.href}>{ctx.t(l.title)}</a>
              </h2>
              <p>{ctx.t(l.text)}</p>
            </li>
          ))}
        </ul>
      )}
      {props.children ?? <p class="notice">{ctx.t('learner.empty')}</p>}
      <p>
        <a href="/ca-nhan/du-lieu">{ctx.t('learner.data')}</a>
      </p>
    </Layout>
  );
}

/** The administration home's cards the actor may use: [href, title key, text key]. */
export function adminCards(actor: Actor | undefined): Array<[string, string, string]> {
  const byCapability: Array<[string, string, string, string]> = [
    ['people:read', '/quan-tri/nguoi-dung', 'admin.people', 'admin.peopleText'],
    ['unit:manage', '/quan-tri/don-vi', 'admin.units', 'admin.unitsText'],
    ['privacy:process', '/quan-tri/yeu-cau-xoa', 'admin.privacy', 'admin.privacyText'],
    ['role:grant', '/quan-tri/vai-tro', 'admin.roles', 'admin.rolesText'],
    ['course:manage', '/quan-tri/khoa-hoc', 'admin.courses', 'admin.coursesText'],
    ['scorm:upload', '/quan-tri/goi-scorm', 'admin.scorm', 'admin.scormText'],
    ['quiz:manage', '/quan-tri/ngan-hang-cau-hoi', 'admin.banks', 'admin.banksText'],
    ['quiz:manage', '/quan-tri/bai-kiem-tra', 'admin.quizzes', 'admin.quizzesText'],
  ];
  const cards = byCapability.filter(([cap]) => canAnywhere(actor, cap)).map(([, href, title, text]): [string, string, string] => [href, title, text]);
  cards.push(...learningAdminCards(actor));
  if (actor?.grants.some((g) => g.role === 'city_admin')) cards.push(['/quan-tri/nhat-ky', 'admin.audit', 'admin.auditText']);
  return cards;
}

/** people: the number of active people in the actor's scope, when the actor may read people. */
export function AdminHome(props: { ctx: ViewCtx; scope: string[]; people: number | null }) {
  const { ctx } = props;
  const cards = adminCards(ctx.actor);
  return (
    <Layout ctx={ctx} title={ctx.t('admin.title')}>
      <h1>{ctx.t('admin.title')}</h1>
      <p>{ctx.t('admin.scope', { units: props.scope.join(', ') })}</p>
      {props.people !== null && (
        <p>
          <span class="stat">{props.people.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB')}</span> {ctx.t('admin.peopleCount')}
        </p>
      )}
      <ul class="cards">
        {cards.map(([href, title, textKey]) => (
          <li class="card">
            <h2>
              <a href={href}>{ctx.t(title)}</a>
            </h2>
            <p>{ctx.t(textKey)}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function PolicyPage(props: { ctx: ViewCtx; version: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('policy.title')}>
      <h1>{ctx.t('policy.title')}</h1>
      <p class="muted">Phiên bản / Version {props.version}</p>
      <div lang="vi">
        <p>
          Hệ thống phát triển kỹ năng số của {ctx.cityName} xử lý dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân số
          91/2025/QH15.
        </p>
        <h2>Dữ liệu được xử lý</h2>
        <p>Họ và tên, số điện thoại hoặc thư điện tử, đơn vị, đối tượng, năm sinh (nếu bạn cung cấp) và kết quả học tập, thi.</p>
        <h2>Mục đích</h2>
        <p>Tổ chức học tập, cấp chứng nhận, tổ chức cuộc thi và thống kê tổng hợp của phong trào “Bình dân học vụ số”.</p>
        <h2>Ai được xem</h2>
        <p>
          Bạn; quản trị viên của đơn vị bạn (và đơn vị cấp trên). Số liệu công khai chỉ là số liệu tổng hợp, không có dữ liệu
          cá nhân.
        </p>
        <h2>Quyền của bạn</h2>
        <p>
          Bạn có thể xem, tải về dữ liệu của mình và yêu cầu xóa tại trang “Dữ liệu cá nhân”. Khi xóa, thông tin cá nhân bị xóa,
          kết quả học tập được ẩn danh để giữ số liệu tổng hợp.
        </p>
      </div>
    </Layout>
  );
}
