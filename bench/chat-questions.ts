/**
 * What the chat benchmark's customers ask: conversations on the sample shop (examples/sample-kb,
 * Lumo 乐摩数码), Chinese and English, about prices, shipping, returns, warranty, NFC, batteries
 * and invoices. Some conversations go on with follow-ups that only make sense with the earlier
 * turns ("那它多少钱？"), so the rewriter and the conversation memory are part of what is timed.
 */
export interface ChatScript {
  lang: 'zh' | 'en';
  turns: string[];
}

export const CHAT_SCRIPTS: ChatScript[] = [
  // zh — one question
  { lang: 'zh', turns: ['LM-X20 Pro 多少钱？'] },
  { lang: 'zh', turns: ['快递一般几天能到？'] },
  { lang: 'zh', turns: ['可以七天无理由退货吗？'] },
  { lang: 'zh', turns: ['退款多久到账？'] },
  { lang: 'zh', turns: ['手机保修多久？'] },
  { lang: 'zh', turns: ['LM-A5 支持 NFC 吗？'] },
  { lang: 'zh', turns: ['怎么开增值税专用发票？'] },
  { lang: 'zh', turns: ['LM-S12 的电池多大，充电多少瓦？'] },
  { lang: 'zh', turns: ['我的快递到哪了，怎么查物流？'] },
  { lang: 'zh', turns: ['发货以后还能改地址吗？'] },
  { lang: 'zh', turns: ['支持花呗分期吗？'] },
  { lang: 'zh', turns: ['手机进水了保修吗？'] },
  // zh — with follow-ups
  { lang: 'zh', turns: ['LM-S12 支持 NFC 吗？', '那它多少钱？'] },
  { lang: 'zh', turns: ['LM-X20 Pro 电池多大？', '支持无线充电吗？', '保修多久？'] },
  { lang: 'zh', turns: ['运费怎么算？', '偏远地区几天能到？'] },
  { lang: 'zh', turns: ['电子发票在哪里下载？', '可以开公司抬头吗？'] },
  { lang: 'zh', turns: ['收到的手机屏幕有坏点，可以换货吗？', '寄回运费谁出？'] },
  { lang: 'zh', turns: ['碎屏保障多少钱？', '要在买手机后多久内买？'] },
  // en — one question
  { lang: 'en', turns: ['How much is the LM-S12?'] },
  { lang: 'en', turns: ['How long does delivery take?'] },
  { lang: 'en', turns: ['Can I return a phone I no longer want?'] },
  { lang: 'en', turns: ['How long is the warranty on the LM-Buds 3 earbuds?'] },
  { lang: 'en', turns: ['Does the LM-A5 have NFC?'] },
  { lang: 'en', turns: ['Where can I download my invoice?'] },
  { lang: 'en', turns: ['What is the battery capacity of the LM-X20 Pro?'] },
  { lang: 'en', turns: ['Can I pay cash on delivery?'] },
  { lang: 'en', turns: ['My parcel arrived damaged. What should I do?'] },
  // en — with follow-ups
  { lang: 'en', turns: ['Does the LM-S12 support NFC?', 'How much does it cost?'] },
  { lang: 'en', turns: ['How long do refunds take?', 'What about credit cards?'] },
  { lang: 'en', turns: ['What is the warranty on phones?', 'Is water damage covered?', 'Can I buy an extended warranty?'] },
  { lang: 'en', turns: ['How fast does the LM-X20 Pro charge?', 'And the LM-A5?'] },
  { lang: 'en', turns: ['Can I change my delivery address?', 'And cancel the order?'] },
];
