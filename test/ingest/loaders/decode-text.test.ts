import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, declaredCharset } from '../../../ingest/loaders/decode-text.js';

const ZH = '退款政策：购买后七天内可以申请退款，请在订单页面操作。客服工作时间为每天九点到十八点。';

describe('decodeText', () => {
  it('decodes UTF-8 with and without a BOM, normalising line endings', () => {
    const plain = new TextEncoder().encode(`${ZH}\r\nline two\rthree`);
    expect(decodeText(plain)).toEqual({ text: `${ZH}\nline two\nthree`, encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('hello')]);
    expect(decodeText(bom)).toEqual({ text: 'hello', encoding: 'utf-8' });
  });

  it('decodes UTF-16 LE and BE by their BOMs', () => {
    expect(decodeText(new Uint8Array(iconv.encode(ZH, 'utf-16le', { addBOM: true })))).toEqual({ text: ZH, encoding: 'utf-16le' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(ZH, 'utf-16be')]);
    expect(decodeText(new Uint8Array(be))).toEqual({ text: ZH, encoding: 'utf-16be' });
  });

  it('decodes GBK text as GB18030', () => {
    const { text, encoding } = decodeText(new Uint8Array(iconv.encode(ZH, 'gbk')));
    expect(text).toBe(ZH);
    expect(encoding).toBe('gb18030');
  });

  it('decodes characters only GB18030 has (beyond GBK)', () => {
    const rare = `${ZH}㐀䶵€`;
    expect(decodeText(new Uint8Array(iconv.encode(rare, 'gb18030'))).text).toBe(rare);
  });

  it('survives invalid mixed bytes, choosing the encoding with the fewest replacement characters', () => {
    const gbkWithJunk = Buffer.concat([iconv.encode(ZH, 'gbk'), Buffer.from([0xff, 0xff]), iconv.encode(ZH, 'gbk')]);
    const fromGbk = decodeText(new Uint8Array(gbkWithJunk));
    expect(fromGbk.encoding).toBe('gb18030');
    expect(fromGbk.text).toContain(ZH);

    const utf8WithJunk = Buffer.concat([Buffer.from(ZH.repeat(3)), Buffer.from([0xc3]), Buffer.from(' end')]);
    const fromUtf8 = decodeText(new Uint8Array(utf8WithJunk));
    expect(fromUtf8.encoding).toBe('utf-8');
    expect(fromUtf8.text.startsWith(ZH)).toBe(true);
    expect(fromUtf8.text.match(/\uFFFD/g)).toHaveLength(1);
  });

  it('honours a declared charset that decodes cleanly', () => {
    const bytes = new Uint8Array(iconv.encode('<p>你好</p>', 'gbk'));
    expect(decodeText(bytes, { declaredCharset: 'gb2312' })).toEqual({ text: '<p>你好</p>', encoding: 'gb18030' });
    expect(declaredCharset('text/html; charset=GBK')).toBe('GBK');
    expect(declaredCharset(undefined, new TextEncoder().encode('<html><head><meta charset="gb2312">'))).toBe('gb2312');
  });
});
