/**
 * One validation of a person's details, used by sign-up, the JSON API and the Excel import alike.
 * Returns normalized values, or a field → error-code map.
 */
import { defineMessages } from '../../core/i18n.js';
import { cleanName, normalizeEmail, normalizePhone, searchKey } from '../../core/text.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../core/passwords.js';

export const TARGET_GROUPS = ['public_servant', 'citizen', 'trader', 'teacher', 'student', 'other'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface PersonInput {
  fullName?: string;
  phone?: string;
  email?: string;
  unitCode?: string;
  targetGroup?: string;
  birthYear?: string | number;
}

export interface PersonValues {
  fullName: string;
  searchName: string;
  phone: string | null;
  email: string | null;
  unitCode: string;
  targetGroup: TargetGroup;
  birthYear: number | null;
}

export type FieldErrors = Record<string, string>;

export function validatePerson(input: PersonInput, now = new Date()): { values?: PersonValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fullName = cleanName(String(input.fullName ?? ''));
  if (!fullName) errors.fullName = 'PERSON_NAME_REQUIRED';
  else if (fullName.length > 200) errors.fullName = 'PERSON_NAME_TOO_LONG';

  const rawPhone = String(input.phone ?? '').trim();
  const rawEmail = String(input.email ?? '').trim();
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  const email = rawEmail ? normalizeEmail(rawEmail) : null;
  if (rawPhone && !phone) errors.phone = 'PERSON_PHONE_INVALID';
  if (rawEmail && !email) errors.email = 'PERSON_EMAIL_INVALID';
  if (!rawPhone && !rawEmail) errors.phone = 'PERSON_CONTACT_REQUIRED';

  const unitCode = String(input.unitCode ?? '').trim();
  if (!unitCode) errors.unitCode = 'PERSON_UNIT_REQUIRED';

  const targetGroup = String(input.targetGroup ?? '').trim();
  if (!(TARGET_GROUPS as readonly string[]).includes(targetGroup)) errors.targetGroup = 'PERSON_GROUP_INVALID';

  let birthYear: number | null = null;
  const rawYear = String(input.birthYear ?? '').trim();
  if (rawYear) {
    birthYear = /^\d{4}$/.test(rawYear) ? Number(rawYear) : NaN;
    if (!(birthYear >= 1900 && birthYear <= now.getFullYear())) errors.birthYear = 'PERSON_BIRTH_YEAR_INVALID';
  }
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    values: {
      fullName,
      searchName: searchKey(fullName),
      phone: phone ?? null,
      email: email ?? null,
      unitCode,
      targetGroup: targetGroup as TargetGroup,
      birthYear,
    },
  };
}

export function validatePassword(password: string, confirm?: string): string | undefined {
  if (password.length < PASSWORD_MIN) return 'PASSWORD_TOO_SHORT';
  if (password.length > PASSWORD_MAX) return 'PASSWORD_TOO_LONG';
  if (confirm !== undefined && confirm !== password) return 'PASSWORD_MISMATCH';
  return undefined;
}

defineMessages({
  vi: {
    'targetGroup.public_servant': 'Cán bộ, công chức, viên chức',
    'targetGroup.citizen': 'Người dân',
    'targetGroup.trader': 'Hộ kinh doanh, tiểu thương',
    'targetGroup.teacher': 'Giáo viên',
    'targetGroup.student': 'Học sinh, sinh viên',
    'targetGroup.other': 'Khác',
    'error.PERSON_NAME_REQUIRED': 'Vui lòng nhập họ và tên.',
    'error.PERSON_NAME_TOO_LONG': 'Họ và tên dài quá 200 ký tự.',
    'error.PERSON_PHONE_INVALID': 'Số điện thoại không hợp lệ (ví dụ: 0912 345 678).',
    'error.PERSON_EMAIL_INVALID': 'Địa chỉ thư điện tử không hợp lệ.',
    'error.PERSON_CONTACT_REQUIRED': 'Cần số điện thoại hoặc thư điện tử.',
    'error.PERSON_UNIT_REQUIRED': 'Vui lòng chọn đơn vị.',
    'error.PERSON_UNIT_UNKNOWN': 'Không có đơn vị với mã này.',
    'error.PERSON_GROUP_INVALID': 'Vui lòng chọn đối tượng.',
    'error.PERSON_BIRTH_YEAR_INVALID': 'Năm sinh phải là năm có 4 chữ số, từ 1900 đến nay.',
    'error.PERSON_PHONE_TAKEN': 'Số điện thoại này đã được đăng ký.',
    'error.PERSON_EMAIL_TAKEN': 'Địa chỉ thư điện tử này đã được đăng ký.',
    'error.PASSWORD_TOO_SHORT': 'Mật khẩu cần ít nhất 8 ký tự.',
    'error.PASSWORD_TOO_LONG': 'Mật khẩu quá dài.',
    'error.PASSWORD_MISMATCH': 'Hai mật khẩu không khớp nhau.',
    'error.CONSENT_REQUIRED': 'Bạn cần đồng ý với việc xử lý dữ liệu cá nhân để đăng ký.',
  },
  en: {
    'targetGroup.public_servant': 'Public servant',
    'targetGroup.citizen': 'Citizen',
    'targetGroup.trader': 'Trader, small business',
    'targetGroup.teacher': 'Teacher',
    'targetGroup.student': 'Student',
    'targetGroup.other': 'Other',
    'error.PERSON_NAME_REQUIRED': 'Please enter the full name.',
    'error.PERSON_NAME_TOO_LONG': 'The full name is longer than 200 characters.',
    'error.PERSON_PHONE_INVALID': 'The phone number is not valid (for example 0912 345 678).',
    'error.PERSON_EMAIL_INVALID': 'The e-mail address is not valid.',
    'error.PERSON_CONTACT_REQUIRED': 'A phone number or an e-mail address is needed.',
    'error.PERSON_UNIT_REQUIRED': 'Please choose a unit.',
    'error.PERSON_UNIT_UNKNOWN': 'There is no unit with this code.',
    'error.PERSON_GROUP_INVALID': 'Please choose a target group.',
    'error.PERSON_BIRTH_YEAR_INVALID': 'The year of birth must be a 4-digit year from 1900 to now.',
    'error.PERSON_PHONE_TAKEN': 'This phone number is already registered.',
    'error.PERSON_EMAIL_TAKEN': 'This e-mail address is already registered.',
    'error.PASSWORD_TOO_SHORT': 'The password needs at least 8 characters.',
    'error.PASSWORD_TOO_LONG': 'The password is too long.',
    'error.PASSWORD_MISMATCH': 'The two passwords do not match.',
    'error.CONSENT_REQUIRED': 'You need to agree to the processing of your personal data to sign up.',
  },
});
