/** Row types of every table. Timestamps are ISO-8601 strings on both databases. */
import type { Generated } from 'kysely';

export interface UnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: string;
  parent_id: number | null;
  /** Materialized path of ids, e.g. "/1/7/42/": a unit's subtree is every path that starts with its own. */
  path: string;
  depth: number;
  population: number | null;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  full_name: string;
  /** full_name lowercased, without diacritics, for diacritic-insensitive search. */
  search_name: string;
  phone: string | null;
  email: string | null;
  unit_id: number;
  target_group: string;
  birth_year: number | null;
  password_hash: string | null;
  status: string;
  consent_at: string | null;
  consent_version: string | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  deletion_requested_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  unit_id: number;
  granted_by: number | null;
  created_at: string;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface OneTimeTokenTable {
  id: string;
  purpose: string;
  user_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface OidcIdentityTable {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  action: string;
  unit_id: number | null;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
}

/** Error reports of refused people imports (row, column, error code — no personal data), short-lived. */
export interface ImportReportTable {
  id: string;
  user_id: number;
  file_name: string;
  row_count: number;
  /** JSON array of { row, column, field, code, params }. */
  issues: string;
  created_at: string;
  expires_at: string;
}

export interface DB {
  units: UnitTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  one_time_tokens: OneTimeTokenTable;
  oidc_identities: OidcIdentityTable;
  audit_log: AuditLogTable;
  import_reports: ImportReportTable;
  competences: CompetenceTable;
  learning_themes: LearningThemeTable;
  courses: CourseTable;
  topics: TopicTable;
  activities: ActivityTable;
  content_tags: ContentTagTable;
  enrolments: EnrolmentTable;
  activity_progress: ActivityProgressTable;
  scorm_packages: ScormPackageTable;
  scorm_attempts: ScormAttemptTable;
  scorm_sequencing: ScormSequencingTable;
  certificates: CertificateTable;
  settings: SettingTable;
}

export interface CompetenceTable {
  code: string;
  domain: number;
  domain_vi: string;
  domain_en: string;
  name_vi: string;
  name_en: string;
}

export interface LearningThemeTable {
  id: number;
  name_vi: string;
  name_en: string;
  /** Competence codes, ';'-separated. */
  competences: string;
}

export interface CourseTable {
  id: Generated<number>;
  slug: string;
  title: string;
  search_title: string;
  description: string;
  host_unit_id: number;
  owner_id: number | null;
  enrolment: string;
  audience: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface TopicTable {
  id: Generated<number>;
  course_id: number;
  position: number;
  title: string;
  description: string;
}

export interface ActivityTable {
  id: Generated<number>;
  course_id: number;
  topic_id: number;
  position: number;
  type: string;
  title: string;
  required: Generated<number>;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface ContentTagTable {
  subject_type: string;
  subject_id: number;
  kind: string;
  code: string;
}

export interface EnrolmentTable {
  id: Generated<number>;
  course_id: number;
  user_id: number;
  source: string;
  enrolled_by: number | null;
  status: string;
  enrolled_at: string;
  started_at: string | null;
  completed_at: string | null;
  left_at: string | null;
}

export interface ActivityProgressTable {
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  status: string;
  score: number | null;
  progress: number | null;
  time_seconds: Generated<number>;
  completed_at: string | null;
  updated_at: string;
}

export interface ScormPackageTable {
  id: Generated<number>;
  lineage_id: number | null;
  version: number;
  title: string;
  scorm_version: string;
  sha256: string;
  storage_key: string;
  manifest: string;
  file_count: number;
  total_bytes: number;
  uploaded_by: number | null;
  created_at: string;
}

export interface ScormAttemptTable {
  id: Generated<number>;
  activity_id: number;
  package_id: number;
  user_id: number;
  sco_id: string;
  attempt: number;
  cmi: string;
  seq: number;
  completion_status: string | null;
  success_status: string | null;
  score_scaled: number | null;
  score_raw: number | null;
  total_time_seconds: Generated<number>;
  location: string | null;
  /** Status signature last passed to recordActivityProgress (migration 005). */
  reported: Generated<string | null>;
  /** Last page (relative to the package folder) of a SCO that never calls the SCORM API (migration 009). */
  last_page: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface ScormSequencingTable {
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  attempt: number;
  package_id: number;
  state: string;
  seq: number;
  updated_at: string;
}

export interface CertificateTable {
  id: Generated<number>;
  code: string;
  course_id: number;
  user_id: number;
  holder_name: string;
  course_title: string;
  issued_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}

/* Question banks and the quiz engine (migration 007; src/modules/quizzes). */
export interface QuestionBankTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  description: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface QuestionTable {
  id: Generated<number>;
  bank_id: number;
  lineage_id: number | null;
  version: number;
  /** 'single', 'multiple', 'true_false'. */
  type: string;
  text: string;
  search_text: string;
  /** JSON array of option texts. */
  options: string;
  /** JSON array of the correct option indexes: never sent to a browser during an attempt. */
  answer_key: string;
  explanation: string;
  topic: string | null;
  competence: string | null;
  difficulty: number;
  retired_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface QuizTable {
  id: Generated<number>;
  unit_id: number;
  bank_id: number;
  title: string;
  /** JSON array of draw rules. */
  rules: string;
  shuffle_questions: number;
  shuffle_options: number;
  time_limit_seconds: number | null;
  attempts_allowed: number | null;
  grading: string;
  pass_percent: number | null;
  review: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface QuizAttemptTable {
  id: Generated<number>;
  quiz_id: number;
  user_id: number;
  context_type: string;
  context_id: number;
  number: number;
  /** 'in_progress', 'overdue', 'finished', 'abandoned' (quizzes/attempt-state.ts). */
  state: string;
  started_at: string;
  deadline_at: string | null;
  finished_at: string | null;
  finish_reason: string | null;
  score: number | null;
  max_score: number;
  percent: number | null;
  passed: number | null;
  updated_at: string;
}

export interface AttemptQuestionTable {
  attempt_id: number;
  position: number;
  question_id: number;
  /** JSON array: original option index shown at each place. */
  option_order: string;
  points: number;
  /** JSON array of chosen original option indexes; null: not answered. */
  response: string | null;
  answered_at: string | null;
  correct: number | null;
}

export interface DB {
  question_banks: QuestionBankTable;
  questions: QuestionTable;
  quizzes: QuizTable;
  quiz_attempts: QuizAttemptTable;
  attempt_questions: AttemptQuestionTable;
}

// ---- 008-contests (src/modules/contests) ----

export interface ContestTable {
  id: Generated<number>;
  slug: string;
  unit_id: number;
  title: string;
  summary: string;
  rules: string;
  prizes_text: string;
  /** JSON array of target group codes. */
  target_groups: string;
  /** JSON array of ranking keys in order: 'correct', 'prediction', 'duration', 'submitted'. */
  ranking_order: string;
  show_score_on_submit: number;
  registration_opens_at: string | null;
  registration_closes_at: string | null;
  /** 'draft', 'published', 'archived'. */
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ContestRoundTable {
  id: Generated<number>;
  contest_id: number;
  number: number;
  title: string;
  opens_at: string;
  closes_at: string;
  quiz_id: number;
  attempts_allowed: number;
  prediction_question: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContestRegistrationTable {
  id: Generated<number>;
  contest_id: number;
  user_id: number;
  full_name: string;
  phone: string | null;
  id_number: string | null;
  unit_id: number;
  target_group: string;
  registered_at: string;
}

export interface ContestEntryTable {
  attempt_id: number;
  contest_id: number;
  round_id: number;
  registration_id: number;
  unit_id: number;
  prediction: number | null;
  correct: number | null;
  question_count: number;
  duration_ms: number | null;
  finished_at: string | null;
}

export interface ContestPrizeTable {
  id: Generated<number>;
  contest_id: number;
  round_id: number | null;
  /** 'individual' or 'collective'. */
  kind: string;
  name: string;
  rank_order: number;
  quantity: number;
  reward: string;
  created_at: string;
}

export interface ContestAwardTable {
  id: Generated<number>;
  prize_id: number;
  registration_id: number | null;
  unit_id: number | null;
  place: number;
  /** 'proposed' or 'confirmed'. */
  status: string;
  code: string;
  confirmed_by: number | null;
  confirmed_at: string | null;
  created_at: string;
}

export interface ContestVisitTable {
  contest_id: number;
  day: string;
  visits: number;
}

export interface DB {
  contests: ContestTable;
  contest_rounds: ContestRoundTable;
  contest_registrations: ContestRegistrationTable;
  contest_entries: ContestEntryTable;
  contest_prizes: ContestPrizeTable;
  contest_awards: ContestAwardTable;
  contest_visits: ContestVisitTable;
}

// ---- Community digital technology teams and their support log (migration 010) ----

export interface CommunityTeamTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  leader_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CommunityTeamMemberTable {
  team_id: number;
  user_id: number;
  added_by: number | null;
  joined_at: string;
}

export interface SupportEntryTable {
  id: Generated<number>;
  team_id: number;
  user_id: number;
  unit_id: number;
  day: string;
  service: string;
  people: number;
  vulnerable: number;
  note: string | null;
  person_name: string | null;
  person_phone: string | null;
  consent_at: string | null;
  photo_key: string | null;
  photo_type: string | null;
  client_key: string;
  created_at: string;
}

export interface DB {
  community_teams: CommunityTeamTable;
  community_team_members: CommunityTeamMemberTable;
  support_entries: SupportEntryTable;
}

// ---- 011-ambassadors (src/modules/ambassadors) ----

export interface AmbassadorMentorTable {
  id: Generated<number>;
  user_id: number;
  /** The mentor's unit when designated: unit views are scoped by it. */
  unit_id: number;
  designated_by: number | null;
  created_at: string;
  retired_at: string | null;
}

export interface AmbassadorInvitationTable {
  id: Generated<number>;
  /** The link's unguessable token (32 random bytes, base64url). */
  token: string;
  mentor_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}

export interface AmbassadorMenteeTable {
  /** One mentor per mentee: the primary key. */
  mentee_id: number;
  mentor_id: number;
  invitation_id: number | null;
  joined_at: string;
}

export interface DB {
  ambassador_mentors: AmbassadorMentorTable;
  ambassador_invitations: AmbassadorInvitationTable;
  ambassador_mentees: AmbassadorMenteeTable;
}

// ---- 012-digital-families (src/modules/families) ----

export interface HouseholdTable {
  id: Generated<number>;
  /** The village or residential group. */
  unit_id: number;
  address: string;
  head_name: string;
  /** address + head name, lowercased without diacritics. */
  search_text: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface HouseholdMemberTable {
  id: Generated<number>;
  household_id: number;
  /** The member's account (unique: one household per person), or null. */
  user_id: number | null;
  /** Name of a member without an account. */
  full_name: string | null;
  birth_year: number | null;
  created_at: string;
}

export interface DB {
  households: HouseholdTable;
  household_members: HouseholdMemberTable;
}

// ---- Learning days and events, attendance (migration 013, src/modules/events) ----

export interface EventTable {
  id: Generated<number>;
  unit_id: number;
  /** 'mot_ngay_hoc_so', 'thu_bay_than_thien', 'other'. */
  kind: string;
  title: string;
  place: string;
  starts_at: string;
  ends_at: string;
  /** Signs the rotating QR check-in tokens; never leaves the server. */
  checkin_secret: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface EventAttendeeTable {
  id: Generated<number>;
  event_id: number;
  user_id: number;
  /** 'qr' or 'organiser'. */
  method: string;
  recorded_by: number | null;
  checked_in_at: string;
}

export interface EventGuestCountTable {
  id: Generated<number>;
  event_id: number;
  /** 'under_18', '18_35', '36_60', 'over_60'. */
  age_band: string;
  count: number;
  entry_key: string;
  recorded_by: number | null;
  recorded_at: string;
}

export interface DB {
  events: EventTable;
  event_attendees: EventAttendeeTable;
  event_guest_counts: EventGuestCountTable;
}

// ---- Initiatives and models (migration 014, src/modules/initiatives) ----

export interface InitiativeTable {
  id: Generated<number>;
  unit_id: number;
  title: string;
  description: string;
  results: string;
  /** 'submitted', 'returned', 'accepted'. */
  status: string;
  created_by: number | null;
  submitted_at: string;
  decided_at: string | null;
  decided_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface InitiativeHistoryTable {
  id: Generated<number>;
  initiative_id: number;
  /** 'submitted', 'edited', 'resubmitted', 'returned', 'accepted'. */
  action: string;
  comment: string | null;
  actor_id: number | null;
  at: string;
}

export interface InitiativeFileTable {
  id: Generated<number>;
  initiative_id: number;
  storage_key: string;
  file_name: string;
  kind: string;
  size: number;
  created_at: string;
}

export interface InitiativeReplicationTable {
  id: Generated<number>;
  initiative_id: number;
  unit_id: number;
  replicated_on: string;
  note: string | null;
  recorded_by: number | null;
  created_at: string;
}

export interface DB {
  initiatives: InitiativeTable;
  initiative_history: InitiativeHistoryTable;
  initiative_files: InitiativeFileTable;
  initiative_replications: InitiativeReplicationTable;
}

// ---- Unit filings (migration 015, src/modules/reporting/filings-*.ts) ----

export interface FilingFormTable {
  id: Generated<number>;
  name: string;
  /** JSON: FilingFigure[] (src/modules/reporting/filings-model.ts). */
  figures: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface FilingPeriodTable {
  id: Generated<number>;
  form_id: number;
  /** 'month', 'quarter', 'year', 'campaign'. */
  kind: string;
  /** The campaign's name; '' for months, quarters and years. */
  name: string;
  starts_on: string;
  ends_on: string;
  /** Last day to file (YYYY-MM-DD, Vietnam's time). */
  deadline: string;
  /** JSON: the form's figures when the period was created. */
  figures: string;
  created_by: number | null;
  created_at: string;
}

export interface FilingTable {
  id: Generated<number>;
  period_id: number;
  unit_id: number;
  /** 'draft', 'submitted', 'returned', 'accepted'. */
  status: string;
  revision: number;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: number | null;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface FilingValueTable {
  filing_id: number;
  code: string;
  number_value: number | null;
  text_value: string | null;
}

export interface FilingHistoryTable {
  id: Generated<number>;
  filing_id: number;
  /** 'drafted', 'submitted', 'resubmitted', 'returned', 'accepted'. */
  action: string;
  comment: string | null;
  values_json: string | null;
  actor_id: number | null;
  at: string;
}

export interface DB {
  filing_forms: FilingFormTable;
  filing_periods: FilingPeriodTable;
  filings: FilingTable;
  filing_values: FilingValueTable;
  filing_history: FilingHistoryTable;
}

/** Migration 016: who meets the basic digital skills rule, materialized (src/modules/skills/basic-skills-attained.ts). */
export interface BasicSkillsAttainedTable {
  user_id: number;
  attained_at: string;
}

export interface DB {
  basic_skills_attained: BasicSkillsAttainedTable;
}
