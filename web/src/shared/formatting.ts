import type { Lang } from './i18n.js';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

export function formatTime(iso: string | null | undefined, lang: Lang) {
  return iso ? new Date(iso).toLocaleTimeString(locale(lang), { hour: '2-digit', minute: '2-digit' }) : '';
}

export function formatDateTime(iso: string | null | undefined, lang: Lang) {
  return iso ? new Date(iso).toLocaleString(locale(lang), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
}

/** 75 → "1 min 15 s" / "1 分 15 秒". */
export function formatDuration(seconds: number | null | undefined, lang: Lang) {
  if (seconds == null || Number.isNaN(seconds)) return '–';
  const s = Math.round(seconds);
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const u = lang === 'zh' ? { h: ' 小时', m: ' 分', s: ' 秒' } : { h: ' h', m: ' min', s: ' s' };
  return h ? `${h}${u.h} ${m}${u.m}` : m ? `${m}${u.m} ${r}${u.s}` : `${r}${u.s}`;
}

export function formatPercent(ratio: number | null | undefined) {
  return ratio == null ? '–' : `${(ratio * 100).toFixed(1)}%`;
}

export function formatNumber(n: number | null | undefined, lang: Lang, digits = 0) {
  return n == null ? '–' : n.toLocaleString(locale(lang), { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatBytes(n: number) {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
