// The interview's deadline as the candidate reads it: their language, their time zone (the
// browser's, named), and how long is left in days or, on the last day, hours.
import type { Lang } from '../api';

export interface DeadlineText {
  /** e.g. "Friday, 11 December 2026 at 18:00 CET" in the candidate's language. */
  date: string;
  /** Whole days left (at least 1 while more than a day is left), or null on the last day. */
  days: number | null;
  /** Hours left on the last day (at least 1), else null. */
  hours: number | null;
}

export function deadlineText(lang: Lang, deadline: string, now = Date.now(), timeZone?: string): DeadlineText | null {
  const at = Date.parse(deadline);
  if (!Number.isFinite(at)) return null;
  const date = new Intl.DateTimeFormat(lang, {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone,
  }).format(new Date(at));
  const left = at - now;
  const hour = 3600_000;
  if (left <= 0) return { date, days: null, hours: null };
  if (left >= 24 * hour) return { date, days: Math.floor(left / (24 * hour)), hours: null };
  return { date, days: null, hours: Math.max(1, Math.ceil(left / hour)) };
}
