import { describe, expect, it } from 'vitest';
import { isResidentId, luhn, maskPii, maskText } from '../../src/domain/pii-masking.js';

// Valid by construction: GB 11643 check characters and Luhn check digits computed for these.
const ID = '11010519491231002X';
const ID_2 = '440304199003072013';
const CARD_UNIONPAY = '6222021234567890128';
const CARD_VISA = '4111111111111111';

describe('PII masking (zh)', () => {
  it.each([
    ['我的手机号是13812345678，麻烦回电', '我的手机号是[PHONE]，麻烦回电', 'phone'],
    ['联系电话 138 1234 5678', '联系电话 [PHONE]', 'phone'],
    ['手机：+86 139-1234-5678', '手机：[PHONE]', 'phone'],
    ['打 0086-15912345678 找我', '打 [PHONE] 找我', 'phone'],
    ['座机 010-62345678 或 (0755) 1234567', '座机 [PHONE] 或 [PHONE]', 'phone'],
    ['邮箱zhang.san@example.com发票', '邮箱[EMAIL]发票', 'email'],
    [`身份证号${ID}，实名认证失败`, '身份证号[ID_NUMBER]，实名认证失败', 'id_number'],
    [`身份证 ${ID_2.toLowerCase()}`, '身份证 [ID_NUMBER]', 'id_number'],
    [`退款到银行卡 ${CARD_UNIONPAY} 吧`, '退款到银行卡 [BANK_CARD] 吧', 'bank_card'],
    ['卡号 6222 0212 3456 7890 128', '卡号 [BANK_CARD]', 'bank_card'],
  ])('%s', (input, masked, kind) => {
    const r = maskPii(input);
    expect(r.text).toBe(masked);
    expect(r.found[kind as keyof typeof r.found]).toBe(masked.split('[').length - 1);
  });

  it('leaves shop text alone: model codes, prices, dates, order numbers that fail the checks', () => {
    const text = '订单号 2024011500123 的 LM-X20 Pro 售价 4999 元，2024-01-15 下单，12:30 发货，快递单号 SF1234567890123';
    expect(maskText(text)).toBe(text);
    // Looks like an ID but the date is impossible, and the check character is wrong.
    expect(maskText('编号 110105194913310021')).toBe('编号 110105194913310021');
    expect(maskText('编号 110105194912310021')).toBe('编号 110105194912310021');
    // Looks like a card but fails Luhn.
    expect(maskText('流水号 6222021234567890129')).toBe('流水号 6222021234567890129');
  });

  it('partial style keeps enough to tell values apart in a log', () => {
    expect(maskText(`手机13812345678 身份证${ID} 卡${CARD_UNIONPAY} 邮箱 li@example.cn`, 'partial')).toBe(
      '手机138****5678 身份证**************002X 卡***************0128 邮箱 l***@example.cn',
    );
  });
});

describe('PII masking (en)', () => {
  it.each([
    ['Call me at +1 (415) 555-2671 tomorrow', 'Call me at [PHONE] tomorrow'],
    ['my number is 415-555-2671.', 'my number is [PHONE].'],
    ['UK office: +44 20 7946 0958', 'UK office: [PHONE]'],
    ['Email john.doe+shop@mail.example.co.uk please', 'Email [EMAIL] please'],
    [`Charge card ${CARD_VISA} again`, 'Charge card [BANK_CARD] again'],
    ['card 4111-1111-1111-1111, exp 12/27', 'card [BANK_CARD], exp 12/27'],
    [`passport? no, Chinese ID ${ID}`, 'passport? no, Chinese ID [ID_NUMBER]'],
  ])('%s', (input, masked) => {
    expect(maskText(input)).toBe(masked);
  });

  it('leaves ordinary numbers alone', () => {
    const text = 'Order #100234 of 2 x LM-S12 at $199.99 shipped 2024-03-01; tracking 1Z999AA10123456784; version 1.2.3';
    expect(maskText(text)).toBe(text);
    expect(maskText('call 4155552671 now')).toBe('call 4155552671 now'); // a bare 10-digit run is not taken for a phone
  });

  it('counts every value it masks', () => {
    const r = maskPii(`a@b.io, c@d.io, 13812345678, ${CARD_VISA}, ${ID}`);
    expect(r.found).toEqual({ phone: 1, email: 2, id_number: 1, bank_card: 1 });
  });
});

describe('checksums', () => {
  it('GB 11643 resident ID check character', () => {
    expect(isResidentId(ID)).toBe(true);
    expect(isResidentId(ID_2)).toBe(true);
    expect(isResidentId('11010519490229002X')).toBe(false); // 1949 has no 29 February
    expect(isResidentId('110105194912310021')).toBe(false);
  });
  it('Luhn', () => {
    expect(luhn(CARD_VISA)).toBe(true);
    expect(luhn(CARD_UNIONPAY)).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('411111111111')).toBe(false); // too short for a card
  });
});
