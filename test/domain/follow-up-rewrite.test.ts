import { describe, expect, it } from 'vitest';
import type { Turn } from '../../src/domain/conversation.js';
import { productCodes, rewriteFollowUp, topicOf } from '../../src/domain/follow-up.js';

const user = (content: string, query?: string): Turn => ({ role: 'user', content, query });
const bot = (content: string, extra: Partial<Turn> = {}): Turn => ({ role: 'assistant', content, ...extra });

describe('follow-up rewriting', () => {
  it('finds product codes with their suffixes and ignores lower-case counters', () => {
    expect(productCodes('LM-X20 Pro 和 LM-Buds 3 哪个好')).toEqual(['LM-X20 Pro', 'LM-Buds 3']);
    expect(productCodes('step 3 of top 5')).toEqual([]);
  });

  it('takes the topic before the predicate (zh) or the object of the last preposition (en)', () => {
    expect(topicOf('无线耳机的保修期多久？', 'zh')).toBe('无线耳机');
    expect(topicOf('请问运费怎么算', 'zh')).toBe('运费');
    expect(topicOf('How long is the warranty on the charger?', 'en')).toBe('charger');
    expect(topicOf('What is the return policy?', 'en')).toBe('return policy');
  });

  it('replaces a pronoun with the earlier topic and drops the earlier predicate', () => {
    const r = rewriteFollowUp('那它多少钱？', [user('LM-S12 支持 NFC 吗？'), bot('支持。')], 'zh');
    expect(r).toEqual({ query: 'LM-S12多少钱', rewritten: true });
    const en = rewriteFollowUp('How much is it?', [user('Does the LM-A5 have NFC?'), bot('No.')], 'en');
    expect(en.query).toBe('How much is LM-A5');
  });

  it('switches the entity of the earlier question ("那 X 呢" / "what about X")', () => {
    expect(rewriteFollowUp('那 LM-A5 呢？', [user('LM-S12 多少钱'), bot('¥2,699')], 'zh').query).toBe('LM-A5 多少钱');
    expect(rewriteFollowUp('What about the LM-A5?', [user('How much is the LM-S12?'), bot('¥2,699')], 'en').query).toBe('How much is the LM-A5');
  });

  it('resolves a chain through the previous rewrite, not the raw follow-up', () => {
    const history = [user('LM-X20 Pro 有什么颜色'), bot('曜石黑、月光银'), user('它多少钱', 'LM-X20 Pro多少钱'), bot('¥4,999')];
    expect(rewriteFollowUp('那保修呢？', history, 'zh').query).toContain('LM-X20 Pro');
  });

  it('leaves self-contained questions and new products alone', () => {
    const history = [user('LM-S12 支持 NFC 吗？'), bot('支持。')];
    expect(rewriteFollowUp('退货运费谁出？', history, 'zh').rewritten).toBe(false);
    expect(rewriteFollowUp('LM-A5 的电池多大？', history, 'zh')).toEqual({ query: 'LM-A5 的电池多大？', rewritten: false });
    expect(rewriteFollowUp('多少钱？', [], 'zh').rewritten).toBe(false);
  });

  it('completes the question a clarifying question interrupted', () => {
    const history = [user('手机的电池多大？'), bot('请问您指的是哪一款？', { kind: 'clarification', metadata: { clarifies: '手机的电池多大？' } })];
    expect(rewriteFollowUp('LM-A5', history, 'zh')).toEqual({ query: 'LM-A5 手机的电池多大？', rewritten: true });
  });
});
