/** Vietnamese text helpers: diacritic-insensitive search keys, phone numbers, e-mail addresses. */

/** "Nguyễn Văn Ấn" → "nguyen van an". đ/Đ become d, as Vietnamese readers expect. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Names keep their diacritics; only whitespace is tidied and the text put in NFC. */
export function cleanName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Vietnamese mobile and landline numbers to E.164: "0912 345 678", "+84 912 345 678",
 * "84912345678" and "(091) 234-5678" all become "+84912345678". Returns undefined when it is not one.
 */
export function normalizePhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s.\-()]/g, '');
  let national: string;
  if (/^\+84\d+$/.test(compact)) national = compact.slice(3);
  else if (/^0084\d+$/.test(compact)) national = compact.slice(4);
  else if (/^84\d{9,10}$/.test(compact)) national = compact.slice(2);
  else if (/^0\d+$/.test(compact)) national = compact.slice(1);
  else return undefined;
  if (national.startsWith('0')) national = national.slice(1);
  // Mobile: 9 digits starting with 3, 5, 7, 8, 9. Landline: 10 digits starting with 2.
  if (/^[35789]\d{8}$/.test(national) || /^2\d{9}$/.test(national)) return '+84' + national;
  return undefined;
}

/** "+84912345678" → "0912 345 678", the way Vietnamese people write it. */
export function formatPhone(e164: string): string {
  const national = '0' + e164.slice(3);
  return national.length === 10
    ? `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`
    : `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
}

export function normalizeEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[a-z]{2,}$/.test(email)) return undefined;
  return email;
}

/** Is the identifier a phone number or an e-mail address? Normalized form of either. */
export function normalizeLogin(raw: string): { phone?: string; email?: string } {
  if (raw.includes('@')) {
    const email = normalizeEmail(raw);
    return email ? { email } : {};
  }
  const phone = normalizePhone(raw);
  return phone ? { phone } : {};
}
