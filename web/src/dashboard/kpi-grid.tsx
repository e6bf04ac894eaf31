import { formatDuration, formatNumber, formatPercent } from '../shared/formatting.js';
import { useT } from '../shared/i18n.js';
import type { ConversationReport } from './report-types.js';
import { dashboardStrings, type DashboardKey } from './strings.js';

function averageRating(r: ConversationReport) {
  const dist = Object.entries(r.totals.ratingDistribution as Record<string, number>);
  const n = dist.reduce((s, [, c]) => s + c, 0);
  return n ? dist.reduce((s, [score, c]) => s + Number(score) * c, 0) / n : null;
}

/** The headline numbers of 会话分析 and the bot, one tile each. */
export function KpiGrid(props: { report: ConversationReport }) {
  const { t, lang } = useT(dashboardStrings);
  const { totals, bot } = props.report;
  const avg = averageRating(props.report);
  const tiles: Array<[DashboardKey, string, string, DashboardKey?]> = [
    ['kpiConversations', 'conversations', formatNumber(totals.conversations, lang)],
    ['kpiHandledByHumans', 'handled-by-humans', formatNumber(totals.handledByHumans, lang)],
    ['kpiEffectiveHuman', 'effective-human', formatNumber(totals.effectiveHuman, lang), 'effectiveHint'],
    ['kpiRatings', 'ratings', formatNumber(totals.ratings, lang)],
    ['kpiAvgRating', 'avg-rating', avg === null ? '–' : avg.toFixed(2)],
    ['kpiAvgQueue', 'avg-queue', formatDuration(totals.avgQueueSeconds, lang)],
    ['kpiAvgFirstResponse', 'avg-first-response', formatDuration(totals.avgFirstResponseSeconds, lang)],
    ['kpiAvgResponse', 'avg-response', formatDuration(totals.avgResponseSeconds, lang)],
    ['kpiAvgDuration', 'avg-duration', formatDuration(totals.avgDurationSeconds, lang)],
    ['kpiAnswers', 'answers', formatNumber(bot.answers, lang)],
    ['kpiDeflection', 'deflection', formatPercent(bot.deflectionRate)],
    ['kpiEscalation', 'escalation', formatPercent(bot.escalationRate)],
  ];
  return (
    <div class="kpis">
      {tiles.map(([label, id, value, hint]) => (
        <div class="kpi" data-kpi={id} title={hint ? t(hint) : undefined}>
          <div class="muted">{t(label)}</div>
          <div class="value">{value}</div>
        </div>
      ))}
    </div>
  );
}
