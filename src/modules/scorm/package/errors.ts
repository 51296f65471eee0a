/**
 * Why a SCORM package was refused. Every refusal is a `PackageError` with a stable `code` (for
 * programs and tests), a `detail` naming the offending zip entry or manifest element (for people and
 * logs), and optional `params` (limits, line numbers) used by the Vietnamese and English messages.
 * Errors that are not the package's fault (disk full, permissions) are not PackageErrors.
 */
export type Lang = 'vi' | 'en';

export const PACKAGE_MESSAGES = {
  ZIP_INVALID: {
    vi: 'Tệp tải lên không phải tệp .zip hợp lệ hoặc đã bị hỏng. Hãy nén lại gói SCORM rồi tải lên lần nữa.',
    en: 'The uploaded file is not a valid .zip archive, or it is damaged. Zip the SCORM package again and upload it once more.',
  },
  ZIP_FILE_TOO_LARGE: {
    vi: 'Tệp .zip có dung lượng {detail}, vượt quá giới hạn {limit}.',
    en: 'The .zip file is {detail}, over the {limit} limit.',
  },
  ZIP_TOO_LARGE: {
    vi: 'Nội dung gói sau khi giải nén vượt quá giới hạn {limit} (tính đến tệp “{detail}”).',
    en: 'The unpacked package is larger than the {limit} limit (reached at “{detail}”).',
  },
  ZIP_TOO_MANY_FILES: {
    vi: 'Gói có quá nhiều tệp: chỉ cho phép tối đa {limit} tệp (vượt giới hạn từ tệp “{detail}”).',
    en: 'The package has too many files: at most {limit} are allowed (limit passed at “{detail}”).',
  },
  ZIP_BOMB: {
    vi: 'Tệp “{detail}” trong gói có tỉ lệ nén bất thường (hơn {limit}:1), có thể là “bom zip”, nên gói đã bị từ chối.',
    en: 'The file “{detail}” in the package has an abnormal compression ratio (over {limit}:1) and may be a zip bomb, so the package was refused.',
  },
  ZIP_UNSAFE_PATH: {
    vi: 'Gói chứa đường dẫn không an toàn: “{detail}”. Tên tệp trong gói không được chứa “..”, bắt đầu bằng “/” hay tên ổ đĩa (như C:), hoặc chứa ký tự điều khiển.',
    en: 'The package contains an unsafe path: “{detail}”. Names inside the package must not contain “..”, start with “/” or a drive letter (such as C:), or contain control characters.',
  },
  ZIP_SYMLINK: {
    vi: 'Gói chứa liên kết tượng trưng (symlink) “{detail}”; loại liên kết này không được phép.',
    en: 'The package contains a symbolic link, “{detail}”, which is not allowed.',
  },
  ZIP_SPECIAL_FILE: {
    vi: 'Gói chứa mục “{detail}” không phải tệp hay thư mục thông thường.',
    en: 'The package contains “{detail}”, which is neither a regular file nor a folder.',
  },
  ZIP_ENCRYPTED: {
    vi: 'Tệp “{detail}” trong gói được đặt mật khẩu. Hãy nén lại gói mà không đặt mật khẩu.',
    en: 'The file “{detail}” in the package is password-protected. Zip the package again without a password.',
  },
  ZIP_DUPLICATE_ENTRY: {
    vi: 'Gói chứa hai mục cùng tên “{detail}”.',
    en: 'The package contains two entries named “{detail}”.',
  },
  MANIFEST_MISSING: {
    vi: 'Gói SCORM thiếu tệp imsmanifest.xml ở thư mục gốc.',
    en: 'The SCORM package has no imsmanifest.xml file at its root.',
  },
  MANIFEST_NOT_AT_ROOT: {
    vi: 'Tệp imsmanifest.xml nằm trong thư mục con “{detail}” thay vì ở thư mục gốc của gói. Hãy mở thư mục đó, chọn tất cả tệp bên trong rồi nén lại.',
    en: 'imsmanifest.xml is inside the sub-folder “{detail}” instead of at the root of the package. Open that folder, select everything in it and zip it again.',
  },
  MANIFEST_TOO_LARGE: {
    vi: 'Tệp imsmanifest.xml quá lớn (tối đa {limit}).',
    en: 'imsmanifest.xml is too large (at most {limit}).',
  },
  MANIFEST_MALFORMED: {
    vi: 'Tệp imsmanifest.xml bị lỗi cú pháp XML ở dòng {line}, cột {col}: {detail}',
    en: 'imsmanifest.xml is not well-formed XML at line {line}, column {col}: {detail}',
  },
  MANIFEST_NOT_MANIFEST: {
    vi: 'Phần tử gốc của tệp imsmanifest.xml phải là <manifest>, nhưng lại là <{detail}>.',
    en: 'The root element of imsmanifest.xml must be <manifest>, not <{detail}>.',
  },
  MANIFEST_UNSUPPORTED_VERSION: {
    vi: 'Phiên bản SCORM “{detail}” chưa được hỗ trợ. Hệ thống hỗ trợ SCORM 1.2 và SCORM 2004 (ấn bản 2, 3 và 4).',
    en: 'SCORM version “{detail}” is not supported. SCORM 1.2 and SCORM 2004 (2nd, 3rd and 4th editions) are supported.',
  },
  MANIFEST_NO_ORGANIZATION: {
    vi: 'Tệp imsmanifest.xml không khai báo cấu trúc khóa học nào (phần tử <organization>).',
    en: 'imsmanifest.xml declares no course structure (no <organization> element).',
  },
  MANIFEST_DEFAULT_ORG_MISSING: {
    vi: 'Cấu trúc khóa học mặc định “{detail}” (thuộc tính default của <organizations>) không có trong tệp imsmanifest.xml.',
    en: 'The default organization “{detail}” (the default attribute of <organizations>) is not in imsmanifest.xml.',
  },
  MANIFEST_ORG_IDENTIFIER_MISSING: {
    vi: 'Cấu trúc khóa học “{detail}” trong tệp imsmanifest.xml thiếu thuộc tính bắt buộc identifier.',
    en: 'The organization “{detail}” in imsmanifest.xml has no identifier attribute, which is required.',
  },
  MANIFEST_ITEM_IDENTIFIER_MISSING: {
    vi: 'Mục “{detail}” trong tệp imsmanifest.xml thiếu thuộc tính bắt buộc identifier.',
    en: 'The item “{detail}” in imsmanifest.xml has no identifier attribute, which is required.',
  },
  MANIFEST_DUPLICATE_IDENTIFIER: {
    vi: 'Mã định danh “{detail}” được dùng nhiều lần trong tệp imsmanifest.xml.',
    en: 'The identifier “{detail}” is used more than once in imsmanifest.xml.',
  },
  MANIFEST_RESOURCE_MISSING: {
    vi: 'Mục “{detail}” trỏ tới tài nguyên “{ref}” không có trong tệp imsmanifest.xml.',
    en: 'The item “{detail}” refers to the resource “{ref}”, which is not in imsmanifest.xml.',
  },
  MANIFEST_LAUNCH_MISSING: {
    vi: 'Mục “{detail}” trỏ tới tài nguyên “{ref}” không có đường dẫn khởi chạy (thuộc tính href của <resource>).',
    en: 'The item “{detail}” refers to the resource “{ref}”, which has no launch path (the href attribute of <resource>).',
  },
  MANIFEST_UNSAFE_HREF: {
    vi: 'Đường dẫn khởi chạy “{detail}” không hợp lệ: đường dẫn phải trỏ tới một tệp nằm trong gói.',
    en: 'The launch path “{detail}” is not valid: it must point to a file inside the package.',
  },
  MANIFEST_NO_ITEMS: {
    vi: 'Cấu trúc khóa học “{detail}” không có bài học nào để mở.',
    en: 'The organization “{detail}” has nothing to launch.',
  },
  MANIFEST_SEQUENCING_REF_MISSING: {
    vi: 'Thiết lập trình tự “{detail}” (thuộc tính IDRef) không có trong <imsss:sequencingCollection>.',
    en: 'The sequencing set “{detail}” (IDRef attribute) is not in <imsss:sequencingCollection>.',
  },
  MANIFEST_FILE_MISSING: {
    vi: 'Tệp khởi chạy “{detail}” được khai báo trong imsmanifest.xml nhưng không có trong gói. Lưu ý: tên tệp phân biệt chữ hoa, chữ thường.',
    en: 'The launch file “{detail}” named in imsmanifest.xml is not in the package. Note that file names are case-sensitive.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type PackageErrorCode = keyof typeof PACKAGE_MESSAGES;
export type PackageErrorParams = Record<string, string | number>;

export class PackageError extends Error {
  override readonly name = 'PackageError';
  constructor(
    readonly code: PackageErrorCode,
    readonly detail: string,
    readonly params: PackageErrorParams = {},
  ) {
    super(`${code}: ${detail}`);
  }

  /** The message for people, in Vietnamese or English. */
  describe(lang: Lang): string {
    return packageErrorMessage(this.code, lang, this.detail, this.params);
  }
}

export function packageErrorMessage(code: PackageErrorCode, lang: Lang, detail: string, params: PackageErrorParams = {}): string {
  const values: PackageErrorParams = { ...params, detail };
  return PACKAGE_MESSAGES[code][lang].replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}

export function isPackageError(e: unknown): e is PackageError {
  return e instanceof PackageError;
}

/** 524288000 → "500 MiB": limits in messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
