import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPhone, normalizeEmail, normalizeLogin, normalizePhone, searchKey } from './text.js';

test('Vietnamese phone numbers in every usual format are one number', () => {
  for (const raw of ['0912 345 678', '+84 912 345 678', '84912345678', '0912.345.678', '(091) 234-5678', '0084912345678']) {
    assert.equal(normalizePhone(raw), '+84912345678', raw);
  }
  assert.equal(formatPhone('+84912345678'), '0912 345 678');
  assert.equal(normalizePhone('0225 3842 111'), '+842253842111', 'landline');
});

test('not a Vietnamese number is refused', () => {
  for (const raw of ['12345', '0112 345 678', 'abc', '+1 202 555 0100', '09123456789012', '']) {
    assert.equal(normalizePhone(raw), undefined, raw);
  }
});

test('search keys ignore diacritics and case, and đ is d', () => {
  assert.equal(searchKey('Nguyễn Văn Ấn'), 'nguyen van an');
  assert.equal(searchKey('ĐẶNG THỊ  Đào'), 'dang thi dao');
  assert.equal(searchKey('Phường Lê Thanh Nghị'), 'phuong le thanh nghi');
});

test('logins are told apart as phone or e-mail', () => {
  assert.deepEqual(normalizeLogin(' An.Nguyen@Example.VN '), { email: 'an.nguyen@example.vn' });
  assert.deepEqual(normalizeLogin('0912345678'), { phone: '+84912345678' });
  assert.deepEqual(normalizeLogin('nonsense'), {});
  assert.equal(normalizeEmail('a@b'), undefined);
});
