/** Strings of the contest's core (registration, rounds, attempts): error messages, vi and en. */
import { defineMessages } from '../../core/i18n.js';

defineMessages({
  vi: {
    'error.CONTEST_ALREADY_REGISTERED': 'Người này đã đăng ký dự thi (cùng số điện thoại hoặc cùng số CCCD). Mỗi người chỉ được đăng ký một lần: hãy đăng nhập bằng tài khoản đã đăng ký để vào thi.',
    'error.CONTEST_PHONE_HAS_ACCOUNT': 'Số điện thoại này đã có tài khoản. Vui lòng đăng nhập, sau đó bấm "Đăng ký dự thi".',
    'error.CONTEST_REGISTRATION_CLOSED': 'Cuộc thi hiện không nhận đăng ký (chưa mở hoặc đã hết hạn đăng ký).',
    'error.CONTEST_NOT_REGISTERED': 'Bạn chưa đăng ký dự thi. Vui lòng đăng ký trước khi vào thi.',
    'error.CONTEST_ROUND_NOT_OPEN': 'Vòng thi này hiện không mở (chưa đến giờ hoặc đã kết thúc).',
    'error.CONTEST_ATTEMPT_IN_PROGRESS': 'Bạn đang làm bài ở vòng {round}: hãy nộp bài đó trước khi vào vòng khác.',
    'error.CONTEST_UNIT_INVALID': 'Vui lòng chọn xã, phường, đặc khu hoặc sở, ban, ngành nơi bạn sinh sống hoặc công tác.',
    'error.CONTEST_GROUP_INVALID': 'Vui lòng chọn một đối tượng dự thi của cuộc thi này.',
    'error.CONTEST_ID_NUMBER_INVALID': 'Số CCCD gồm 12 chữ số (hoặc số CMND cũ 9 chữ số).',
    'error.CONTEST_PHONE_REQUIRED': 'Vui lòng nhập số điện thoại: bạn dùng số này để đăng nhập và vào thi trên thiết bị khác.',
    'error.CONTEST_NO_PREDICTION': 'Vòng thi này không có câu hỏi dự đoán.',
    'error.CONTEST_PREDICTION_INVALID': 'Số dự đoán phải là một số nguyên không âm.',
  },
  en: {
    'error.CONTEST_ALREADY_REGISTERED': 'This person is already registered (same phone number or same ID number). Each person registers once: sign in with the registered account to take part.',
    'error.CONTEST_PHONE_HAS_ACCOUNT': 'This phone number already has an account. Please sign in, then press "Register for the contest".',
    'error.CONTEST_REGISTRATION_CLOSED': 'The contest is not taking registrations now (not open yet, or closed).',
    'error.CONTEST_NOT_REGISTERED': 'You are not registered for this contest. Please register before entering a round.',
    'error.CONTEST_ROUND_NOT_OPEN': 'This round is not open (it has not started yet or it has ended).',
    'error.CONTEST_ATTEMPT_IN_PROGRESS': 'You have an attempt in progress in round {round}: submit it before entering another round.',
    'error.CONTEST_UNIT_INVALID': 'Please choose the commune, ward, special zone or city department where you live or work.',
    'error.CONTEST_GROUP_INVALID': 'Please choose one of the target groups of this contest.',
    'error.CONTEST_ID_NUMBER_INVALID': 'An ID card number has 12 digits (or 9 digits for an old ID card).',
    'error.CONTEST_PHONE_REQUIRED': 'Please enter a phone number: you sign in with it and can continue on another device.',
    'error.CONTEST_NO_PREDICTION': 'This round has no prediction question.',
    'error.CONTEST_PREDICTION_INVALID': 'The prediction must be a whole number, 0 or more.',
  },
});
