import type { Strings } from '../shared/i18n.js';

const zh = {
  knowledgeBases: '知识库', newKb: '新建知识库', kbName: '名称', kbDescription: '描述（选填）', create: '创建', deleteKb: '删除知识库',
  tabDocuments: '文档', tabHitTest: '命中测试', tabFaq: 'FAQ 编辑',
  upload: '上传文件', uploadHint: '拖拽文件到这里，或点击选择（Markdown、HTML、PDF、Word、TXT；FAQ 用 CSV、Excel、JSON、YAML）',
  uploading: '上传中 {percent}%', processing: '解析、切分、向量化中…', forceReingest: '内容未变也重新处理',
  outcome_created: '已新增', outcome_updated: '已更新', outcome_unchanged: '未变化', outcome_failed: '失败',
  documents: '文档列表', colPath: '路径', colKind: '类型', colStatus: '状态', colChunks: '切片 / 条目', colVersion: '版本', colUpdated: '更新时间', colActions: '操作',
  kind_doc: '文档', kind_faq: 'FAQ', status_ready: '就绪', status_processing: '处理中', status_failed: '失败', reingest: '重新处理', noDocuments: '还没有文档，先上传一些吧',
  hitQuery: '输入一个客户可能问的问题', hitRun: '测试', hitTopK: '返回条数', hitInclude: '范围', hitResults: '命中结果（{ms} ms）', hitNone: '没有命中任何内容',
  colRank: '排名', colScore: '融合得分', colChannels: '各通道排名 / 得分', colContent: '内容',
  channel_vector: '向量', channel_text: '关键词', channel_code: '型号', channel_faq_vector: 'FAQ 向量', channel_faq_text: 'FAQ 关键词', channel_faq_code: 'FAQ 型号',
  faqList: 'FAQ 列表', noFaqLists: '还没有 FAQ 列表：新增一条会创建 faq.csv', colId: '编号', colQuestion: '问题', colAnswer: '答案', colAlternatives: '相似问法',
  altHint: '每行一个相似问法', addEntry: '新增问答', entryAdded: '已保存并重新索引', loading: '加载中…',
};

export type AdminKey = keyof typeof zh;

const en: Record<AdminKey, string> = {
  knowledgeBases: 'Knowledge bases', newKb: 'New knowledge base', kbName: 'Name', kbDescription: 'Description (optional)', create: 'Create', deleteKb: 'Delete knowledge base',
  tabDocuments: 'Documents', tabHitTest: 'Hit test', tabFaq: 'FAQ editor',
  upload: 'Upload files', uploadHint: 'Drop files here or click to choose (Markdown, HTML, PDF, Word, TXT; FAQ lists as CSV, Excel, JSON, YAML)',
  uploading: 'Uploading {percent}%', processing: 'Parsing, chunking, embedding…', forceReingest: 'Re-process unchanged files too',
  outcome_created: 'added', outcome_updated: 'updated', outcome_unchanged: 'unchanged', outcome_failed: 'failed',
  documents: 'Documents', colPath: 'Path', colKind: 'Kind', colStatus: 'Status', colChunks: 'Chunks / entries', colVersion: 'Version', colUpdated: 'Updated', colActions: 'Actions',
  kind_doc: 'document', kind_faq: 'FAQ', status_ready: 'ready', status_processing: 'processing', status_failed: 'failed', reingest: 'Re-ingest', noDocuments: 'No documents yet — upload some',
  hitQuery: 'A question a customer might ask', hitRun: 'Test', hitTopK: 'Results', hitInclude: 'Search in', hitResults: 'Hits ({ms} ms)', hitNone: 'Nothing matched',
  colRank: 'Rank', colScore: 'Fused score', colChannels: 'Rank / score per channel', colContent: 'Content',
  channel_vector: 'vector', channel_text: 'keywords', channel_code: 'codes', channel_faq_vector: 'FAQ vector', channel_faq_text: 'FAQ keywords', channel_faq_code: 'FAQ codes',
  faqList: 'FAQ list', noFaqLists: 'No FAQ list yet: adding an entry creates faq.csv', colId: 'ID', colQuestion: 'Question', colAnswer: 'Answer', colAlternatives: 'Other wordings',
  altHint: 'One other wording per line', addEntry: 'Add entry', entryAdded: 'Saved and re-indexed', loading: 'Loading…',
};

export const adminStrings: Strings<AdminKey> = { zh, en };

/** "status_ready" if such a label exists; codes without one show as they are. */
export function labelKey(prefix: string, value: string): AdminKey | undefined {
  const key = `${prefix}_${value}`;
  return key in zh ? (key as AdminKey) : undefined;
}
