/**
 * Configuration from environment variables, validated once at start.
 * A wrong value stops the process with a message that names the variable.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  publicUrl: string;
  /** Origin that serves SCORM package files: a different site from publicUrl (see docs/architecture.md). */
  contentUrl: string;
  /** Largest SCORM .zip accepted, in bytes. */
  scormMaxUploadBytes: number;
  /** Load the demo course on the first start (no course yet). */
  demoCourse: boolean;
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Seconds a session lookup may be reused in-process by routes that opt in (0 = never); see core/sessions.ts. */
  sessionCacheSeconds: number;
  logLevel: string;
  /** Fastify trustProxy: false, true, or the load balancers' addresses/CIDRs (comma-separated). */
  trustProxy: boolean | string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  cityName: string;
  cityCode: string;
  unitsCsv: string;
  privacyPolicyVersion: string;
  loginMaxFailures: number;
  loginLockMinutes: number;
  rateLimitPerMinute: number;
  /** Seconds between two runs of the sweeper that finalizes attempts past their deadline (0 = off). */
  contestSweepSeconds: number;
  /** Contest API: answer saves per minute per account; other contest requests per minute per account; all contest API requests per minute per IP. */
  contestAnswersPerMinute: number;
  contestRequestsPerMinute: number;
  contestIpPerMinute: number;
  /** Contest registrations (each hashes a password) per minute per IP. */
  contestRegistrationsPerMinute: number;
  importMaxRows: number;
  /** Largest photo attached to a support log entry, in bytes (SUPPORT_PHOTO_MAX_MB). */
  supportPhotoMaxBytes: number;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | undefined;
  /** The generated movement report's header and signature (src/modules/reporting/report-docx.ts). */
  report: ReportConfig;
}

export interface ReportConfig {
  /** Governing body, first line of the header's left column (REPORT_PARENT_AGENCY). */
  parentAgency: string;
  /** The issuing agency (REPORT_AGENCY), its abbreviation in the document number (REPORT_AGENCY_ABBR). */
  agency: string;
  agencyAbbr: string;
  /** Code of the agency's unit in the unit tree: its own courses and filings (REPORT_AGENCY_UNIT). */
  agencyUnitCode: string;
  /** Place in "…, ngày … tháng … năm …" (REPORT_PLACE). */
  place: string;
  /** Signature block: "KT. GIÁM ĐỐC" or empty (REPORT_SIGNER_AUTHORITY), title, name. */
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const contentUrl = url(env, 'CONTENT_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${port}`;
  if (new URL(contentUrl).host === new URL(publicUrl).host) {
    throw new ConfigError('CONTENT_URL must be on another host than PUBLIC_URL (SCORM packages are untrusted HTML)');
  }
  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL is not a valid e-mail address');
  }
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters');
  }
  const issuer = url(env, 'OIDC_ISSUER', ['http:', 'https:']);
  let oidc: Config['oidc'];
  if (issuer) {
    if (!env.OIDC_CLIENT_ID) throw new ConfigError('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
    if (!env.OIDC_CLIENT_SECRET) throw new ConfigError('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');
    oidc = {
      issuer,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      name: env.OIDC_NAME || 'VNeID',
    };
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const rawTrust = env.TRUST_PROXY || 'false';
  const trustProxy = rawTrust === 'true' ? true : rawTrust === 'false' ? false : rawTrust;
  return {
    trustProxy,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    publicUrl: publicUrl.replace(/\/$/, ''),
    contentUrl: new URL(contentUrl).origin,
    scormMaxUploadBytes: int(env, 'SCORM_MAX_UPLOAD_MB', 200, 1, 2048) * 1024 * 1024,
    demoCourse: bool(env, 'DEMO_COURSE', true),
    secureCookies: bool(env, 'SECURE_COOKIES', publicUrl.startsWith('https:')),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365),
    sessionCacheSeconds: int(env, 'SESSION_CACHE_SECONDS', 5, 0, 60),
    logLevel,
    adminEmail,
    adminPassword,
    cityName: env.CITY_NAME || 'Thành phố Hải Phòng',
    cityCode: env.CITY_CODE || '31',
    unitsCsv: path.resolve(env.UNITS_CSV || new URL('../reference/haiphong/units.csv', import.meta.url).pathname),
    privacyPolicyVersion: env.PRIVACY_POLICY_VERSION || '2025-07',
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 300, 1, 1_000_000),
    contestSweepSeconds: int(env, 'CONTEST_SWEEP_SECONDS', 15, 0, 3600),
    contestAnswersPerMinute: int(env, 'CONTEST_ANSWERS_PER_MINUTE', 120, 1, 1_000_000),
    contestRequestsPerMinute: int(env, 'CONTEST_REQUESTS_PER_MINUTE', 60, 1, 1_000_000),
    contestIpPerMinute: int(env, 'CONTEST_IP_PER_MINUTE', 6000, 1, 10_000_000),
    contestRegistrationsPerMinute: int(env, 'CONTEST_REGISTRATIONS_PER_MINUTE', 120, 1, 1_000_000),
    importMaxRows: int(env, 'IMPORT_MAX_ROWS', 50_000, 1, 1_000_000),
    supportPhotoMaxBytes: int(env, 'SUPPORT_PHOTO_MAX_MB', 5, 1, 50) * 1024 * 1024,
    oidc,
    report: {
      parentAgency: env.REPORT_PARENT_AGENCY || 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      agency: env.REPORT_AGENCY || 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
      agencyAbbr: env.REPORT_AGENCY_ABBR || 'SKHCN',
      agencyUnitCode: env.REPORT_AGENCY_UNIT || 'SKHCN',
      place: env.REPORT_PLACE || 'Hải Phòng',
      signerAuthority: env.REPORT_SIGNER_AUTHORITY ?? 'KT. GIÁM ĐỐC',
      signerTitle: env.REPORT_SIGNER_TITLE || 'PHÓ GIÁM ĐỐC',
      signerName: env.REPORT_SIGNER_NAME || '',
    },
  };
}
