// Interview actions (issue 12): what the actions area offers and how it checks its input.
import type { Answer, InterviewDetail, InterviewStatus } from '../api';

export const MAX_DEADLINE_DAYS = 365; // functions/domain/interviews.py
export const STUCK_AFTER_MS = 5 * 60_000; // functions/media/redrive.py STUCK_AFTER
export const SHARE_DAYS = [1, 3, 7, 14, 30] as const; // createShareLink: 1-30, default 7
export const SHARE_DAYS_DEFAULT = 7;
const DAY = 86_400_000;

const OPEN: InterviewStatus[] = ['pending', 'in_progress'];

export interface ActionsOffered { resend: boolean; cancel: boolean; extend: boolean; share: boolean }

/** Resend and cancel while the candidate can still answer; extend also once it expired. */
export function actionsFor(status: InterviewStatus): ActionsOffered {
  const open = OPEN.includes(status);
  return { resend: open, cancel: open, extend: open || status === 'expired', share: true };
}

/** `yyyy-mm-dd` of a moment in the browser's time zone (what <input type=date> holds). */
export function dateInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The moment a chosen date means: its end (23:59 local), as Invite does. */
export function deadlineOf(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T23:59:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The date picker's bounds: after the current deadline (and today), within the year ahead. */
export function extendBounds(currentDeadline: string, now: Date): { min: string; max: string } {
  const current = new Date(currentDeadline);
  const from = current > now ? current : now;
  const min = new Date(from.getTime());
  if (deadlineOf(dateInput(min))! <= from) min.setDate(min.getDate() + 1);
  const max = new Date(now.getTime() + MAX_DEADLINE_DAYS * DAY - 60_000);
  return { min: dateInput(min), max: dateInput(max) };
}

export type ExtendProblem = 'required' | 'notLater' | 'tooFar' | null;

/** Why a chosen date cannot be the new deadline (the API says the same with a 422). */
export function extendProblem(day: string, currentDeadline: string, now: Date): ExtendProblem {
  const chosen = deadlineOf(day);
  if (!chosen) return 'required';
  if (chosen <= new Date(currentDeadline) || chosen <= now) return 'notLater';
  if (chosen.getTime() > now.getTime() + MAX_DEADLINE_DAYS * DAY) return 'tooFar';
  return null;
}

/** Each question's latest attempt that failed or is stuck: what a recruiter can reprocess. */
export function reprocessable(answers: Answer[], now: Date): Answer[] {
  const latest = new Map<string, Answer>();
  for (const a of answers) {
    const seen = latest.get(a.question_id);
    if (!seen || a.attempt > seen.attempt) latest.set(a.question_id, a);
  }
  return [...latest.values()]
    .filter((a) => a.uploaded_at && (a.status === 'failed' || (['uploaded', 'processing'].includes(a.status) && now.getTime() - new Date(a.uploaded_at).getTime() >= STUCK_AFTER_MS)))
    .sort((a, b) => a.question_index - b.question_index);
}

/** The candidate asked for a new link and still has none: the page says so first. */
export function linkRequestPending(d: Pick<InterviewDetail, 'status' | 'link_requested_at' | 'invited_at' | 'deadline'>): boolean {
  if (!d.link_requested_at) return false;
  const asked = new Date(d.link_requested_at).getTime();
  return d.status === 'expired' && asked >= new Date(d.invited_at).getTime() && asked >= new Date(d.deadline).getTime();
}

/** The share link's page, from the token (the API gives the whole URL; this is for tests). */
export function sharedTokenOf(hash: string): string | null {
  const token = hash.replace(/^#/, '').trim();
  return /^[A-Za-z0-9_-]{20,}$/.test(token) ? token : null;
}
