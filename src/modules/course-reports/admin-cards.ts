/**
 * Cards of the administration home (pages/views.tsx) for enrolment, course reports, certificates and
 * the basic-skills rule, each shown to whoever holds its capability somewhere.
 */
import { defineMessages } from '../../core/i18n.js';
import { canAnywhere, type Actor } from '../../core/policy.js';
import '../courses/capabilities.js';
import '../teams/capabilities.js';
import '../teams/messages.js';
import '../ambassadors/capabilities.js';
import '../families/capabilities.js';
import '../events/capabilities.js';
import '../events/messages.js';
import '../initiatives/capabilities.js';
import '../initiatives/messages.js';

const CARDS: Array<[capability: string, href: string, title: string, text: string]> = [
  ['course:enrol', '/quan-tri/ghi-danh', 'admin.enrol', 'admin.enrolText'],
  ['course:report', '/quan-tri/bao-cao-khoa-hoc', 'admin.courseReports', 'admin.courseReportsText'],
  ['certificate:revoke', '/quan-tri/chung-nhan', 'admin.certificates', 'admin.certificatesText'],
  ['skills:rule', '/quan-tri/pho-cap-ky-nang', 'admin.skillsRule', 'admin.skillsRuleText'],
  ['contest:stats', '/quan-tri/cuoc-thi', 'admin.contests', 'admin.contestsText'],
  ['team:manage', '/quan-tri/cong-dong', 'community.card', 'community.cardText'],
  ['team:manage', '/quan-tri/to-cong-nghe-so', 'teams.title', 'teams.cardText'],
  ['ambassador:manage', '/quan-tri/dai-su-so', 'admin.ambassadors', 'admin.ambassadorsText'],
  ['family:manage', '/quan-tri/gia-dinh-so', 'admin.families', 'admin.familiesText'],
  ['event:manage', '/quan-tri/su-kien', 'event.admin', 'event.adminText'],
  ['event:manage', '/quan-tri/su-kien/bao-cao', 'event.dashboard', 'event.dashboardText'],
  ['initiative:propose', '/quan-tri/sang-kien', 'initiative.admin', 'initiative.adminText'],
  ['report:view', '/quan-tri/so-lieu', 'dash.title', 'dash.cardText'],
  ['report:view', '/quan-tri/bao-cao', 'report.card', 'report.cardText'],
  ['report:view', '/quan-tri/bao-cao-don-vi', 'filing.card', 'filing.cardText'],
];

/** [href, title key, text key] of the cards the actor may use. */
export function learningAdminCards(actor: Actor | undefined): Array<[string, string, string]> {
  return CARDS.filter(([cap]) => canAnywhere(actor, cap)).map(([, href, title, text]) => [href, title, text]);
}

defineMessages({
  vi: {
    'admin.enrol': 'Ghi danh học viên',
    'admin.enrolText': 'Ghi danh người dùng của đơn vị vào khóa học theo bộ lọc hoặc từ tệp Excel.',
    'admin.courseReports': 'Báo cáo khóa học',
    'admin.courseReportsText': 'Ghi danh, tiến độ, hoàn thành, điểm theo đơn vị và đối tượng.',
    'admin.certificates': 'Chứng nhận',
    'admin.certificatesText': 'Tra cứu và thu hồi chứng nhận của các khóa học do đơn vị tổ chức.',
    'admin.skillsRule': 'Tiêu chí phổ cập kỹ năng số',
    'admin.skillsRuleText': 'Khóa học và năng lực để được tính là “Đã đạt phổ cập kỹ năng số”.',
  },
  en: {
    'admin.enrol': 'Enrol learners',
    'admin.enrolText': 'Enrol the unit’s people in courses by filter or from an Excel file.',
    'admin.courseReports': 'Course reports',
    'admin.courseReportsText': 'Enrolment, progress, completion and scores by unit and target group.',
    'admin.certificates': 'Certificates',
    'admin.certificatesText': 'Look up and revoke certificates of the courses your units host.',
    'admin.skillsRule': 'Basic digital skills criteria',
    'admin.skillsRuleText': 'The courses and competences that count as “Basic digital skills attained”.',
  },
});
