/** Account commands: sign-up, sign-in with lockout, password reset, first-admin setup. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { defineMessages } from '../../core/i18n.js';
import { hashPassword, verifyPassword } from '../../core/passwords.js';
import { destroyUserSessions } from '../../core/sessions.js';
import { normalizeLogin } from '../../core/text.js';
import type { MessagePort } from '../../core/messaging.js';
import { unitByCode, type UnitRow } from '../units/repository.js';
import { validatePassword, validatePerson, type FieldErrors, type PersonInput, type PersonValues } from './people-input.js';
import {
  clearFailedLogins,
  insertUser,
  recordFailedLogin,
  setPassword,
  takenContacts,
  userById,
  userByLogin,
  type UserRow,
} from './repository.js';
import { consumeToken, issueToken, peekToken } from './one-time-tokens.js';
import { isUniqueViolation } from '../../db/database.js';

defineMessages({
  vi: {
    'error.SIGNIN_FAILED': 'Số điện thoại/thư điện tử hoặc mật khẩu không đúng.',
    'error.ACCOUNT_LOCKED': 'Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút hoặc đặt lại mật khẩu.',
    'error.TOKEN_INVALID': 'Đường dẫn không hợp lệ, đã được dùng hoặc đã hết hạn.',
    'reset.subject': 'Đặt lại mật khẩu — Kỹ năng số',
    'reset.body': 'Mở đường dẫn sau trong 60 phút để đặt mật khẩu mới: {link}',
  },
  en: {
    'error.SIGNIN_FAILED': 'The phone number/e-mail or the password is not correct.',
    'error.ACCOUNT_LOCKED': 'This account is locked after too many failed sign-ins. Try again in {minutes} minutes or reset the password.',
    'error.TOKEN_INVALID': 'This link is not valid, was already used or has expired.',
    'reset.subject': 'Reset your password — Digital Skills',
    'reset.body': 'Open this link within 60 minutes to set a new password: {link}',
  },
});

export class FormError extends AppError {
  constructor(fields: FieldErrors, status = 422) {
    super(Object.values(fields)[0] ?? 'VALIDATION', status, {}, fields);
  }
}

export interface SignUpInput extends PersonInput {
  password: string;
  passwordConfirm?: string;
  consent: boolean;
}

/**
 * The checks every self-registration shares (sign-up with a password, first sign-in through OIDC):
 * the person's details, consent, a real commune-level unit, phone and e-mail not yet taken.
 * `extra` carries checks of the caller (e.g. the password). Throws a FormError listing every problem.
 */
export async function checkSelfRegistration(
  db: Kysely<DB>,
  input: PersonInput & { consent: boolean },
  extra: FieldErrors = {},
): Promise<{ values: PersonValues; unit: UnitRow }> {
  const { values, errors } = validatePerson(input);
  Object.assign(errors, extra);
  if (!input.consent) errors.consent = 'CONSENT_REQUIRED';
  const unit = values ? await unitByCode(db, values.unitCode) : undefined;
  if (values && (!unit || unit.retired_at || unit.depth === 0)) errors.unitCode = 'PERSON_UNIT_UNKNOWN';
  if (values) {
    const taken = await takenContacts(db, values.phone ? [values.phone] : [], values.email ? [values.email] : []);
    if (values.phone && taken.phones.size) errors.phone = 'PERSON_PHONE_TAKEN';
    if (values.email && taken.emails.size) errors.email = 'PERSON_EMAIL_TAKEN';
  }
  if (!values || !unit || Object.keys(errors).length) {
    const conflict = Object.values(errors).some((e) => e.endsWith('_TAKEN')) && Object.keys(errors).length === 1;
    throw new FormError(errors, conflict ? 409 : 422);
  }
  return { values, unit };
}

/** Sign-up: validates everything first, then creates the account in one statement. */
export async function signUp(db: Kysely<DB>, config: Config, input: SignUpInput): Promise<number> {
  const pwError = validatePassword(input.password ?? '', input.passwordConfirm);
  const { values, unit } = await checkSelfRegistration(db, input, pwError ? { password: pwError } : {});
  const passwordHash = await hashPassword(input.password);
  try {
    return await insertUser(db, {
      ...values,
      unitId: unit.id,
      passwordHash,
      consentAt: new Date().toISOString(),
      consentVersion: config.privacyPolicyVersion,
    });
  } catch (err) {
    // Two sign-ups with the same number at once: the unique index decides, the loser gets a clear message.
    if (isUniqueViolation(err)) {
      throw new FormError(values.phone ? { phone: 'PERSON_PHONE_TAKEN' } : { email: 'PERSON_EMAIL_TAKEN' }, 409);
    }
    throw err;
  }
}

/** Sign-in by phone or e-mail; temporary lockout after repeated failures. */
export async function signIn(db: Kysely<DB>, config: Config, login: string, password: string): Promise<UserRow> {
  const key = normalizeLogin(login);
  const user = await userByLogin(db, key);
  if (user && user.locked_until && user.locked_until > new Date().toISOString()) {
    const minutes = Math.ceil((Date.parse(user.locked_until) - Date.now()) / 60_000);
    throw new AppError('ACCOUNT_LOCKED', 423, { minutes });
  }
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || user.status !== 'active') {
    if (user && user.status === 'active') await recordFailedLogin(db, user, config.loginMaxFailures, config.loginLockMinutes);
    throw new AppError('SIGNIN_FAILED', 401);
  }
  if (user.failed_logins > 0 || user.locked_until) await clearFailedLogins(db, user.id);
  return user;
}

/** Sends a reset link when the account exists; says nothing either way. */
export async function requestPasswordReset(
  db: Kysely<DB>,
  config: Config,
  messages: MessagePort,
  login: string,
  t: (key: string, p?: Record<string, string>) => string,
): Promise<void> {
  const user = await userByLogin(db, normalizeLogin(login));
  if (!user || user.status !== 'active') return;
  const token = await issueToken(db, 'password_reset', user.id, 60);
  const link = `${config.publicUrl}/dat-lai-mat-khau?token=${token}`;
  await messages.send({ to: { email: user.email, phone: user.phone }, subject: t('reset.subject'), body: t('reset.body', { link }), link });
}

export async function resetPassword(db: Kysely<DB>, token: string, password: string, confirm: string): Promise<number> {
  const row = await peekToken(db, 'password_reset', token);
  if (!row || !row.user_id) throw new AppError('TOKEN_INVALID', 410);
  const pwError = validatePassword(password, confirm);
  if (pwError) throw new FormError({ password: pwError });
  const passwordHash = await hashPassword(password);
  if (!(await consumeToken(db, 'password_reset', token))) throw new AppError('TOKEN_INVALID', 410);
  await setPassword(db, row.user_id, passwordHash);
  await destroyUserSessions(db, row.user_id);
  return row.user_id;
}

export async function activeUser(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  const user = await userById(db, id);
  return user?.status === 'active' ? user : undefined;
}
