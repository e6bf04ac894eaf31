import { describe, expect, it } from 'vitest';
import { rewriteFollowUp } from '../../src/domain/follow-up.js';
import type { Turn } from '../../src/domain/conversation.js';

const user = (content: string, query = content): Turn => ({ role: 'user', content, query });
const assistant = (content: string): Turn => ({ role: 'assistant', content, kind: 'answer' });

describe('rewriteFollowUp', () => {
  it('keeps "那个 / 那款" whole: the demonstrative is the pronoun, not a leading "那"', () => {
    const history = [user('S12 充电功率多大'), assistant('LM-S12 支持 67W 快充。')];
    expect(rewriteFollowUp('那个盒子里送不送充电器？', history, 'zh').query).toBe('S12盒子里送不送充电器');
    expect(rewriteFollowUp('那款送充电器吗', history, 'zh').query).toBe('S12送充电器吗');
    // A plain leading "那" is still dropped.
    expect(rewriteFollowUp('那它多少钱？', history, 'zh').query).toBe('S12多少钱');
  });
});
