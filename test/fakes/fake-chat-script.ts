/**
 * What the fake chat servers "say": a deterministic answer built from the prompt the client
 * sent, so tests can check grounding and prompt assembly without a model. It quotes the first
 * sentence of passage 1 with its citation and ends with the grounding mark the prompt asks for.
 */
export type ChatMessage = { role: string; content: string | Array<{ type: string; text?: string }> };
export type ChatScript = (messages: ChatMessage[]) => string;

const text = (c: ChatMessage['content']) => (typeof c === 'string' ? c : c.map((p) => p.text ?? '').join(''));

export const groundedScript: ChatScript = (messages) => {
  const prompt = messages.map((m) => text(m.content)).join('\n');
  if (/stand-alone search query|检索问题/.test(prompt)) {
    // The rewriting prompt: return the last message, prefixed by the first model code seen earlier.
    const last = prompt.match(/(?:Last message|最后一句)[:：]\s*(.*)$/m)?.[1] ?? '';
    const code = prompt.match(/LM-[A-Z0-9]+(?: Pro)?/)?.[0];
    return code && !last.includes(code) ? `${code} ${last.replace(/它|it/gi, '').trim()}` : last;
  }
  if (/Update the summary|更新一段客服对话的摘要/.test(prompt)) return 'The customer asked about phones.';
  if (/CORRECT (or|或) INCORRECT/.test(prompt)) {
    // The judge: correct when most of the reference's words are in the answer.
    const block = (label: RegExp) => (prompt.split(label)[1] ?? '').split(/\n\n/)[0]!;
    const words = (t: string) => new Set(t.toLowerCase().match(/\p{Script=Han}|[a-z0-9]+/gu) ?? []);
    const ref = words(block(/Reference answer:\n|参考答案：\n/));
    const got = words(block(/Answer to grade:\n|待评判的回答：\n/));
    const shared = [...ref].filter((w) => got.has(w)).length;
    return ref.size && shared / ref.size >= 0.6 ? 'CORRECT' : 'INCORRECT';
  }
  const passage = prompt.match(/<passage id="1"[^>]*>\n([\s\S]*?)\n<\/passage>/);
  if (!passage) return 'I could not find this in the documentation. <<grounded:0.1>>';
  const first = passage[1]!.split(/(?<=[。.!?！？])\s*/)[0]!.trim();
  return `${first} [1]\n<<grounded:0.9>>`;
};

/** Splits an answer into small pieces the way a model streams tokens. */
export function tokenPieces(answer: string): string[] {
  return answer.match(/\p{Script=Han}|\s*[^\s\p{Script=Han}]+|\s+/gu) ?? [answer];
}
