import type { AnalyticsReports } from '../../../use-cases/analytics-reports.js';
import type { Cell } from '../../csv.js';

type Lang = 'zh' | 'en';
type ConversationsReport = Awaited<ReturnType<AnalyticsReports['conversations']>>;
type AgentsReport = Awaited<ReturnType<AnalyticsReports['agents']>>;
type TimeseriesReport = Awaited<ReturnType<AnalyticsReports['timeseries']>>;

/** Column and row labels of the CSV exports, in the manager's language. */
const L = {
  zh: {
    section: '分类', item: '项目', value: '数值',
    range: '时间范围', totals: '会话分析', bot: '机器人', reasons: '转人工原因', confidence: '回答置信度分布', unanswered: '未解决问题',
    from: '开始', to: '结束',
    conversations: '总会话数', handledByHumans: '人工接待会话数', effectiveHuman: '有效人工会话数', ratings: '评价数',
    rating: (s: string) => `${s} 星评价数`,
    avgQueueSeconds: '平均排队时长（秒）', avgDurationSeconds: '平均会话时长（秒）',
    avgFirstResponseSeconds: '平均首次响应时长（秒）', avgResponseSeconds: '平均响应时长（秒）',
    answers: '机器人回答数', deflectionRate: '机器人独立解决率', escalationRate: '转人工率',
    kind: '类型', agent: '客服', team: '班组', agentId: '客服 ID', name: '姓名',
    idleSeconds: '示闲时长（秒）', busySeconds: '示忙时长（秒）', agentConversations: '接待会话数', transferred: '转接会话数',
    effective: '有效会话数', unreplied: '未回复会话数', unrepliedRate: '未回复率', satisfactionRate: '满意率',
    t: '时间', escalations: '转人工次数', avgConfidence: '平均置信度', avgRating: '平均评分',
  },
  en: {
    section: 'section', item: 'item', value: 'value',
    range: 'range', totals: 'conversations', bot: 'bot', reasons: 'escalations by reason', confidence: 'answer confidence', unanswered: 'top unanswered questions',
    from: 'from', to: 'to',
    conversations: 'conversations', handledByHumans: 'handled by humans', effectiveHuman: 'effective human conversations', ratings: 'ratings',
    rating: (s: string) => `ratings of ${s}`,
    avgQueueSeconds: 'average queue time (s)', avgDurationSeconds: 'average conversation duration (s)',
    avgFirstResponseSeconds: 'average first response time (s)', avgResponseSeconds: 'average response time (s)',
    answers: 'bot answers', deflectionRate: 'deflection rate', escalationRate: 'escalation rate',
    kind: 'kind', agent: 'agent', team: 'team', agentId: 'agent id', name: 'name',
    idleSeconds: 'idle time (s)', busySeconds: 'busy time (s)', agentConversations: 'conversations', transferred: 'transferred',
    effective: 'effective', unreplied: 'unreplied', unrepliedRate: 'unreplied rate', satisfactionRate: 'satisfaction rate',
    t: 'time', escalations: 'escalations', avgConfidence: 'average confidence', avgRating: 'average rating',
  },
} as const;

export function conversationsCsv(r: ConversationsReport, lang: Lang): { header: string[]; rows: Cell[][] } {
  const l = L[lang];
  const t = r.totals;
  const rows: Cell[][] = [
    [l.range, l.from, r.range.from],
    [l.range, l.to, r.range.to],
    ...(['conversations', 'handledByHumans', 'effectiveHuman', 'ratings'] as const).map((k): Cell[] => [l.totals, l[k], t[k]]),
    ...Object.entries(t.ratingDistribution).map(([s, count]): Cell[] => [l.totals, l.rating(s), count]),
    ...(['avgQueueSeconds', 'avgDurationSeconds', 'avgFirstResponseSeconds', 'avgResponseSeconds'] as const).map((k): Cell[] => [l.totals, l[k], t[k]]),
    ...(['answers', 'deflectionRate', 'escalationRate'] as const).map((k): Cell[] => [l.bot, l[k], r.bot[k]]),
    ...Object.entries(r.bot.escalationsByReason).map(([reason, count]): Cell[] => [l.reasons, reason, count]),
    ...r.bot.confidenceHistogram.map((b): Cell[] => [l.confidence, `${b.from.toFixed(1)}–${b.to.toFixed(1)}`, b.count]),
    ...r.bot.topUnanswered.map((q): Cell[] => [l.unanswered, q.question, q.count]),
  ];
  return { header: [l.section, l.item, l.value], rows };
}

const AGENT_FIELDS = [
  'idleSeconds', 'busySeconds', 'conversations', 'transferred', 'effective', 'unreplied', 'unrepliedRate',
  'avgFirstResponseSeconds', 'avgResponseSeconds', 'avgDurationSeconds', 'satisfactionRate',
] as const;

export function agentsCsv(r: AgentsReport, lang: Lang): { header: string[]; rows: Cell[][] } {
  const l = L[lang];
  const header = [l.kind, l.agentId, l.name, l.team, ...AGENT_FIELDS.map((k) => (k === 'conversations' ? l.agentConversations : l[k]))];
  const rows: Cell[][] = [
    ...r.agents.map((a): Cell[] => [l.agent, a.agentId, a.name, a.team, ...AGENT_FIELDS.map((k) => a[k])]),
    ...r.teams.map((tm): Cell[] => [l.team, null, null, tm.team, ...AGENT_FIELDS.map((k) => tm[k])]),
  ];
  return { header, rows };
}

const POINT_FIELDS = ['conversations', 'handledByHumans', 'escalations', 'answers', 'avgConfidence', 'ratings', 'avgRating'] as const;

export function timeseriesCsv(r: TimeseriesReport, lang: Lang): { header: string[]; rows: Cell[][] } {
  const l = L[lang];
  return {
    header: [l.t, ...POINT_FIELDS.map((k) => l[k])],
    rows: r.points.map((p): Cell[] => [p.t, ...POINT_FIELDS.map((k) => p[k])]),
  };
}
