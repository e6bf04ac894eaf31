import { describe, expect, it } from 'vitest';
import { caseFromTurn } from '../../src/domain/eval-case.js';
import type { Citation, Message } from '../../src/domain/conversation.js';

let seq = 0;
const msg = (role: Message['role'], content: string, extra: Partial<Message> = {}): Message => ({
  id: `m${++seq}`, conversationId: 'c1', seq, role, content, status: 'complete', language: null, query: null, kind: null, citations: [],
  confidence: null, usage: null, timings: null, prompt: null, error: null, sentiment: null, metadata: {}, createdAt: new Date(0), completedAt: null, ...extra,
});
const cite = (c: Partial<Citation>): Citation => ({
  index: 1, type: 'chunk', id: 'x', documentId: 'd', sourcePath: 'zh/products.md', title: null, headingPath: [], snippet: '', score: 1, ...c,
});
const conversation = { id: 'c1', kbId: 'kb1', language: null };
const now = new Date('2026-11-26T00:00:00Z');

describe('caseFromTurn', () => {
  it('takes the customer message before an answer, the history before it (agents as assistant), and pins the cited sections', () => {
    seq = 0;
    const messages = [
      msg('user', 'Hi'),
      msg('agent', 'Hello, this is Li from support'),
      msg('system', 'handoff resolved'),
      msg('user', 'Does the S12 have NFC?', { language: 'en' }),
      msg('assistant', 'Yes, it does [1][2].', {
        kind: 'answer',
        citations: [
          cite({ type: 'chunk', sourcePath: 'en/products.md', headingPath: ['Models', 'LM-S12'] }),
          cite({ type: 'faq', id: 'e1', sourcePath: 'faq-en.yaml' }),
          cite({ type: 'chunk', sourcePath: 'en/products.md', headingPath: ['Models', 'LM-S12'] }),
        ],
      }),
    ];
    const c = caseFromTurn({ conversation, messages, target: messages[4]!, faqQuestions: new Map([['e1', 'Which phones support NFC?']]) }, { verdict: 'right' }, now);
    expect(c).toMatchObject({ id: 'msg-m4', lang: 'en' });
    expect(c.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello, this is Li from support' },
      { role: 'user', content: 'Does the S12 have NFC?' },
    ]);
    expect(c.expect).toEqual({
      action: 'answer',
      answer: 'Yes, it does [1][2].',
      sources: [{ path: 'en/products.md', heading: 'LM-S12' }, { path: 'faq-en.yaml', heading: 'Which phones support NFC?' }],
    });
    expect(c.meta).toMatchObject({ message_id: 'm4', answer_message_id: 'm5', verdict: 'right', created_at: now.toISOString(), bot: { kind: 'answer', escalated: false } });
  });

  it('defaults a wrong answer to escalate, and asks for the expectation when the bot declined or never answered', () => {
    seq = 0;
    const messages = [msg('user', '你们卖汽车吗'), msg('assistant', '有的', { kind: 'answer' }), msg('user', '转人工'), msg('assistant', '正在为您转接', { kind: 'handoff' }), msg('user', '喂？')];
    const turn = (target: Message) => ({ conversation, messages, target, faqQuestions: new Map() });
    expect(caseFromTurn(turn(messages[0]!), { verdict: 'wrong' }, now)).toMatchObject({ lang: 'zh', expect: { action: 'escalate' } });
    expect(() => caseFromTurn(turn(messages[3]!), { verdict: 'wrong' }, now)).toThrow(expect.objectContaining({ code: 'EXPECTATION_REQUIRED' }));
    expect(caseFromTurn(turn(messages[3]!), { verdict: 'right' }, now).expect).toEqual({ action: 'escalate' });
    // The last message has no answer yet.
    expect(() => caseFromTurn(turn(messages[4]!), { verdict: 'wrong' }, now)).toThrow(expect.objectContaining({ code: 'EXPECTATION_REQUIRED' }));
    // An answer the policy escalated counts as declined too.
    const escalated = msg('assistant', '可能是…', { kind: 'answer', metadata: { escalation: { escalate: true, reason: 'low_confidence' } } });
    expect(() => caseFromTurn({ ...turn(escalated), messages: [...messages, escalated] }, { verdict: 'wrong' }, now)).toThrow(
      expect.objectContaining({ code: 'EXPECTATION_REQUIRED' }),
    );
    // Given: sources imply answer; an answer needs sources; a system message is not a turn.
    expect(caseFromTurn(turn(messages[0]!), { verdict: 'wrong', expect: { sources: [{ path: 'a.md', heading: null }] } }, now).expect).toEqual({
      action: 'answer',
      sources: [{ path: 'a.md', heading: null }],
    });
    expect(() => caseFromTurn(turn(messages[0]!), { verdict: 'wrong', expect: { action: 'answer' } }, now)).toThrow(expect.objectContaining({ code: 'EXPECTATION_REQUIRED' }));
    expect(() => caseFromTurn(turn(msg('system', 'x')), { verdict: 'wrong' }, now)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
