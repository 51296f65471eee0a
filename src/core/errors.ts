/**
 * Errors with stable codes. The code is what logs, tests and API clients rely on;
 * the message shown to people comes from i18n key `error.<CODE>`.
 */
import { defineMessages } from './i18n.js';

export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly statusCode: number,
    public readonly params: Record<string, string | number> = {},
    /** Per-field problems, e.g. for forms: field → i18n message key. */
    public readonly fields: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError('NOT_FOUND', 404);
export const forbidden = () => new AppError('FORBIDDEN', 403);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401);

defineMessages({
  vi: {
    'error.NOT_FOUND': 'Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.',
    'error.FORBIDDEN': 'Bạn không có quyền thực hiện thao tác này.',
    'error.UNAUTHENTICATED': 'Vui lòng đăng nhập để tiếp tục.',
    'error.VALIDATION': 'Dữ liệu gửi lên không hợp lệ: {detail}',
    'error.BODY_TOO_LARGE': 'Dữ liệu gửi lên quá lớn.',
    'error.BAD_REQUEST': 'Yêu cầu không hợp lệ.',
    'error.CSRF': 'Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại.',
    'error.RATE_LIMITED': 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.',
    'error.INTERNAL': 'Đã có lỗi xảy ra phía máy chủ. Vui lòng thử lại sau.',
    'error.UNSUPPORTED_MEDIA_TYPE': 'Định dạng dữ liệu gửi lên không được hỗ trợ.',
  },
  en: {
    'error.NOT_FOUND': 'The page or data you asked for was not found.',
    'error.FORBIDDEN': 'You are not allowed to do this.',
    'error.UNAUTHENTICATED': 'Please sign in to continue.',
    'error.VALIDATION': 'The data sent is not valid: {detail}',
    'error.BODY_TOO_LARGE': 'The data sent is too large.',
    'error.BAD_REQUEST': 'The request is not valid.',
    'error.CSRF': 'The form has expired. Please reload the page and try again.',
    'error.RATE_LIMITED': 'Too many requests. Please try again in a few minutes.',
    'error.INTERNAL': 'Something went wrong on the server. Please try again later.',
    'error.UNSUPPORTED_MEDIA_TYPE': 'The content type sent is not supported.',
  },
});
