import type { Strings } from '../shared/i18n.js';

const zh = {
  chooseAgent: '选择坐席', chooseAgentHint: '选择您的坐席身份，或新建一个', newAgentName: '新坐席姓名', create: '新建', switchAgent: '切换坐席',
  status_online: '示闲', status_busy: '示忙', status_away: '离开', status_offline: '离线',
  mine: '我的会话', queue: '排队中', noMine: '暂无会话。示闲后会自动分配。', noQueue: '没有排队的客户', offered: '待接入', waiting: '已等待 {time}', unread: '{n} 条新消息',
  pickConversation: '从左侧选择一个会话', claim: '接入', accept: '接受', resolve: '结束会话', resolveToBot: '交回机器人',
  transfer: '转接', transferTo: '转接给', transferAgent: '其他坐席', transferSkill: '技能组', transferGo: '确认转接',
  replyPlaceholder: '输入回复，Enter 发送，Shift+Enter 换行', send: '发送', history: '完整对话', packet: '转人工信息',
  reason: '转人工原因', urgency: '紧急度', skill: '技能', language: '语言', contact: '联系方式', summary: '摘要', sentiment: '情绪变化', attempts: '机器人的尝试', confidence: '置信度 {value}',
  role_user: '客户', role_assistant: '机器人', role_agent: '坐席', role_system: '系统',
  reason_customer_request: '客户要求转人工', reason_low_confidence: '机器人置信度低', reason_repeated_failure: '多次未解决', reason_negative_emotion: '客户情绪激动', reason_sensitive_intent: '敏感诉求',
  emotion_angry: '愤怒', emotion_anxious: '焦虑', emotion_sad: '难过', emotion_surprised: '惊讶', emotion_neutral: '平静', emotion_happy: '满意',
  kind_answer: '回答', kind_faq: 'FAQ', kind_clarification: '澄清', kind_no_answer: '未找到答案', kind_handoff: '转人工',
  notMine: '该会话未分配给您，接入后才能回复', resolvedDone: '会话已结束', none: '无',
};

export type ConsoleKey = keyof typeof zh;

const en: Record<ConsoleKey, string> = {
  chooseAgent: 'Choose agent', chooseAgentHint: 'Pick who you are, or add a new agent', newAgentName: 'New agent name', create: 'Create', switchAgent: 'Switch agent',
  status_online: 'Available', status_busy: 'Busy', status_away: 'Away', status_offline: 'Offline',
  mine: 'My conversations', queue: 'Queue', noMine: 'No conversations. Go available to receive them.', noQueue: 'Nobody is waiting', offered: 'Offered', waiting: 'waiting {time}', unread: '{n} new',
  pickConversation: 'Pick a conversation on the left', claim: 'Take it', accept: 'Accept', resolve: 'Resolve', resolveToBot: 'Back to the bot',
  transfer: 'Transfer', transferTo: 'Transfer to', transferAgent: 'Another agent', transferSkill: 'A skill group', transferGo: 'Transfer',
  replyPlaceholder: 'Type a reply — Enter sends, Shift+Enter for a new line', send: 'Send', history: 'Full conversation', packet: 'Handoff packet',
  reason: 'Reason', urgency: 'Urgency', skill: 'Skill', language: 'Language', contact: 'Contact', summary: 'Summary', sentiment: 'Sentiment', attempts: 'What the bot tried', confidence: 'confidence {value}',
  role_user: 'Customer', role_assistant: 'Bot', role_agent: 'Agent', role_system: 'System',
  reason_customer_request: 'Customer asked for a person', reason_low_confidence: 'Bot not confident', reason_repeated_failure: 'Repeatedly unresolved', reason_negative_emotion: 'Customer upset', reason_sensitive_intent: 'Sensitive request',
  emotion_angry: 'angry', emotion_anxious: 'anxious', emotion_sad: 'sad', emotion_surprised: 'surprised', emotion_neutral: 'calm', emotion_happy: 'happy',
  kind_answer: 'answer', kind_faq: 'FAQ', kind_clarification: 'clarifying question', kind_no_answer: 'no answer', kind_handoff: 'handoff',
  notMine: 'Not assigned to you: take it to reply', resolvedDone: 'Conversation resolved', none: 'none',
};

export const consoleStrings: Strings<ConsoleKey> = { zh, en };

/** "reason_low_confidence" if such a key exists: codes from the service without a label show as they are. */
export function labelKey(prefix: string, value: string | null | undefined): ConsoleKey | undefined {
  const key = `${prefix}_${value}`;
  return key in zh ? (key as ConsoleKey) : undefined;
}
