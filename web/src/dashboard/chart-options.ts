import type { EChartsCoreOption } from 'echarts/core';
import type { Lang } from '../shared/i18n.js';
import type { ConversationReport, TimeseriesReport } from './report-types.js';

const PALETTE = ['#1668dc', '#2ea121', '#d83931', '#d97706', '#7b61ff', '#13a8a8'];
const RATING_COLOURS = ['#d83931', '#f08c00', '#fadb14', '#95de64', '#2ea121'];

export function trendOption(ts: TimeseriesReport, lang: Lang, names: { conversations: string; handled: string; escalations: string; answers: string }): EChartsCoreOption {
  const label = (t: string) =>
    new Date(t).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', ts.interval === 'hour' ? { month: 'numeric', day: 'numeric', hour: '2-digit' } : { month: 'numeric', day: 'numeric' });
  const line = (name: string, key: 'conversations' | 'handledByHumans' | 'escalations' | 'answers') => ({
    name,
    type: 'line',
    showSymbol: ts.points.length < 40,
    data: ts.points.map((p) => p[key]),
  });
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: ts.points.map((p) => label(p.t)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [line(names.conversations, 'conversations'), line(names.handled, 'handledByHumans'), line(names.escalations, 'escalations'), line(names.answers, 'answers')],
  };
}

export function ratingsOption(r: ConversationReport, starLabel: (n: number) => string): EChartsCoreOption {
  const stars = ['1', '2', '3', '4', '5'] as const;
  const dist = r.totals.ratingDistribution as Record<string, number>;
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 36, right: 12, top: 12, bottom: 28 },
    xAxis: { type: 'category', data: stars.map((s) => starLabel(Number(s))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: stars.map((s, i) => ({ value: dist[s] ?? 0, itemStyle: { color: RATING_COLOURS[i] } })) }],
  };
}

export function reasonsOption(r: ConversationReport, reasonLabel: (reason: string) => string): EChartsCoreOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        label: { formatter: '{b}\n{c}' },
        data: Object.entries(r.bot.escalationsByReason).map(([reason, n]) => ({ name: reasonLabel(reason), value: n })),
      },
    ],
  };
}

export function confidenceOption(r: ConversationReport, countLabel: string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 36, right: 12, top: 12, bottom: 28 },
    xAxis: { type: 'category', data: r.bot.confidenceHistogram.map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)}`) },
    yAxis: { type: 'value', minInterval: 1, name: countLabel },
    series: [{ type: 'bar', data: r.bot.confidenceHistogram.map((b) => b.count), itemStyle: { color: PALETTE[0] } }],
  };
}
