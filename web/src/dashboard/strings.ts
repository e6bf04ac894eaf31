import type { Strings } from '../shared/i18n.js';

const zh = {
  title: '数据看板', from: '开始日期', to: '结束日期', channel: '渠道', knowledgeBase: '知识库', agent: '坐席', skill: '技能', team: '团队',
  interval: '粒度', hour: '按小时', day: '按天', all: '全部', apply: '查询', export: '导出 CSV', exportConversations: '会话', exportAgents: '坐席', exportTimeseries: '趋势',
  unavailable: '此服务没有统计接口（/v1/analytics 返回 404）。', conversationsSection: '会话分析', agentsSection: '人工客服分析', botSection: '机器人表现',
  kpiConversations: '总会话数', kpiHandledByHumans: '人工接待会话', kpiEffectiveHuman: '有效人工会话', kpiRatings: '评价数', kpiAvgRating: '平均评分',
  kpiAvgQueue: '平均排队时长', kpiAvgDuration: '平均会话时长', kpiAvgFirstResponse: '平均首次响应', kpiAvgResponse: '平均响应时长', kpiAnswers: '机器人回答数',
  kpiDeflection: '机器人独立解决率', kpiEscalation: '转人工率', effectiveHint: '分配后坐席至少回复一次、客户至少发言一次',
  trend: '趋势', seriesConversations: '会话', seriesHandled: '人工接待', seriesEscalations: '转人工', seriesAnswers: '机器人回答',
  ratingDistribution: '评分分布', stars: '{n} 星', escalationReasons: '转人工原因', confidence: '回答置信度分布', count: '数量',
  topUnanswered: '未解决的高频问题', question: '问题', times: '次数', noData: '暂无数据',
  colAgent: '坐席', colTeam: '团队', colIdle: '示闲时长', colBusy: '示忙时长', colConversations: '会话数', colTransferred: '转接数', colEffective: '有效会话',
  colUnreplied: '未回复', colUnrepliedRate: '未回复率', colFirstResponse: '平均首响', colResponse: '平均响应', colDuration: '平均时长', colSatisfaction: '满意率', teams: '按团队',
  reason_customer_request: '客户要求', reason_low_confidence: '置信度低', reason_repeated_failure: '多次未解决', reason_negative_emotion: '情绪激动', reason_sensitive_intent: '敏感诉求',
  loading: '加载中…',
};

export type DashboardKey = keyof typeof zh;

const en: Record<DashboardKey, string> = {
  title: 'Dashboard', from: 'From', to: 'To', channel: 'Channel', knowledgeBase: 'Knowledge base', agent: 'Agent', skill: 'Skill', team: 'Team',
  interval: 'Interval', hour: 'Hourly', day: 'Daily', all: 'All', apply: 'Apply', export: 'Export CSV', exportConversations: 'Conversations', exportAgents: 'Agents', exportTimeseries: 'Trend',
  unavailable: 'This service has no analytics endpoints (/v1/analytics answers 404).', conversationsSection: 'Conversations', agentsSection: 'Agents', botSection: 'Bot performance',
  kpiConversations: 'Conversations', kpiHandledByHumans: 'Handled by people', kpiEffectiveHuman: 'Effective human conversations', kpiRatings: 'Ratings', kpiAvgRating: 'Average rating',
  kpiAvgQueue: 'Avg. queue time', kpiAvgDuration: 'Avg. duration', kpiAvgFirstResponse: 'Avg. first response', kpiAvgResponse: 'Avg. response time', kpiAnswers: 'Bot answers',
  kpiDeflection: 'Resolved by the bot', kpiEscalation: 'Escalation rate', effectiveHint: 'After assignment: at least one agent reply and one customer message',
  trend: 'Trend', seriesConversations: 'Conversations', seriesHandled: 'Handled by people', seriesEscalations: 'Escalations', seriesAnswers: 'Bot answers',
  ratingDistribution: 'Ratings', stars: '{n} ★', escalationReasons: 'Escalation reasons', confidence: 'Answer confidence', count: 'Count',
  topUnanswered: 'Top unanswered questions', question: 'Question', times: 'Times', noData: 'No data',
  colAgent: 'Agent', colTeam: 'Team', colIdle: 'Available', colBusy: 'Busy', colConversations: 'Conversations', colTransferred: 'Transferred', colEffective: 'Effective',
  colUnreplied: 'Unreplied', colUnrepliedRate: 'Unreplied rate', colFirstResponse: 'Avg. first response', colResponse: 'Avg. response', colDuration: 'Avg. duration', colSatisfaction: 'Satisfaction', teams: 'By team',
  reason_customer_request: 'Customer request', reason_low_confidence: 'Low confidence', reason_repeated_failure: 'Repeated failure', reason_negative_emotion: 'Negative emotion', reason_sensitive_intent: 'Sensitive intent',
  loading: 'Loading…',
};

export const dashboardStrings: Strings<DashboardKey> = { zh, en };

export function reasonKey(reason: string): DashboardKey | undefined {
  const key = `reason_${reason}`;
  return key in zh ? (key as DashboardKey) : undefined;
}
