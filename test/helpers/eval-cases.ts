/** Generated suite cases for the QA API's tests and benchmark (no vitest import: the benchmark uses it too). */

const QUESTIONS = [
  ['zh', 'LM-X20 Pro 防水吗？', 'zh/products.md', 'LM-X20 Pro'],
  ['zh', 'LM-S12 支持 NFC 吗', 'zh/products.md', 'LM-S12'],
  ['zh', '七天无理由退货需要什么条件', 'zh/returns-warranty.md', '七天无理由退货'],
  ['en', 'Can I pay in instalments?', 'en/account-payment.md', 'Paying in instalments'],
  ['en', 'How long is the warranty?', 'en/returns-warranty.md', 'Warranty'],
] as const;

/** 10,000 docs cases over the sample shop (a live knowledge base), each id unique. */
export function tenThousandCases(n = 10_000): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const [lang, q, p, heading] = QUESTIONS[i % QUESTIONS.length]!;
    lines.push(JSON.stringify({ id: `big-${i}`, lang, messages: [{ role: 'user', content: `${q} #${i}` }], expect: { action: 'answer', sources: [{ path: p, heading }] }, meta: {} }));
  }
  return lines.join('\n') + '\n';
}
