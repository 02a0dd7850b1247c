// The room's pure bookkeeping: the server-authoritative timer, the captions (partial and final
// transcript lines) and the question on screen.

/** How far the server's clock is ahead of ours (ms), from a frame's `server_time` and when it arrived. */
export function clockOffsetMs(serverTime: string | null | undefined, receivedAt: number): number {
  const t = serverTime ? Date.parse(serverTime) : NaN;
  return Number.isFinite(t) ? t - receivedAt : 0;
}

export type TimerPhase = 'waiting' | 'running' | 'ending' | 'overtime';
/** The last minutes before the planned end, when the timer warns. */
export const ENDING_WARNING_SECONDS = 5 * 60;

export interface TimerView { elapsed: number; remaining: number; phase: TimerPhase }

/** Seconds since the start and until the planned end, at local time `now` corrected by `offsetMs`. */
export function timerView(startedAt: string | null | undefined, endsAt: string | null | undefined, now: number, offsetMs: number): TimerView {
  const serverNow = now + offsetMs;
  const start = startedAt ? Date.parse(startedAt) : NaN;
  const end = endsAt ? Date.parse(endsAt) : NaN;
  const remaining = Number.isFinite(end) ? Math.round((end - serverNow) / 1000) : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(start)) return { elapsed: 0, remaining, phase: 'waiting' };
  const elapsed = Math.max(0, Math.floor((serverNow - start) / 1000));
  const phase: TimerPhase = remaining < 0 ? 'overtime' : remaining <= ENDING_WARNING_SECONDS ? 'ending' : 'running';
  return { elapsed, remaining, phase };
}

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(seconds)));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export interface TranscriptLine { speaker: string; role: 'candidate' | 'interviewer'; name: string; seq: number; text: string; start: string; end: string; final: boolean }
export interface Captions { lines: TranscriptLine[]; partials: Record<string, TranscriptLine> }
export const NO_CAPTIONS: Captions = { lines: [], partials: {} };
/** Lines kept on screen; the whole transcript is on the detail page after the call. */
const KEEP = 200;

/**
 * A transcript frame applied: a final line is appended once (by speaker and seq) and drops that
 * speaker's partial; a partial replaces the speaker's previous one.
 */
export function applyTranscript(c: Captions, line: TranscriptLine): Captions {
  if (!line.final) return { lines: c.lines, partials: { ...c.partials, [line.speaker]: line } };
  const { [line.speaker]: _dropped, ...partials } = c.partials;
  const known = c.lines.some((l) => l.speaker === line.speaker && l.seq === line.seq);
  const lines = known ? c.lines.map((l) => (l.speaker === line.speaker && l.seq === line.seq ? line : l)) : [...c.lines, line].slice(-KEEP);
  return { lines, partials };
}

/** What a caption area shows: final lines, then the partial tails, in time order. */
export function captionRows(c: Captions): TranscriptLine[] {
  return [...c.lines, ...Object.values(c.partials).sort((a, b) => a.start.localeCompare(b.start))];
}

export interface ShownQuestion { index: number | null; number?: number; kind?: 'template' | 'followup'; text: string; asked_at?: string; ideal_answer?: string | null }

/** The next template question to ask: after the last template one asked, else the first. */
export function nextQuestionIndex(count: number, asked: (number | null | undefined)[]): number | null {
  const template = asked.filter((i): i is number => typeof i === 'number');
  const next = template.length ? Math.max(...template) + 1 : 0;
  return next < count ? next : null;
}

export const FOLLOWUP_MAX = 1000;
/** A follow-up's text as sent: trimmed; null when empty or too long. */
export function followupText(raw: string): string | null {
  const text = raw.trim();
  return text.length >= 1 && text.length <= FOLLOWUP_MAX ? text : null;
}

/** Debounces saves of a text: the latest value `ms` after the last change; flush() sends it now. */
export class Debounced {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: string | null = null;
  constructor(private readonly save: (text: string) => Promise<unknown>, private readonly ms = 1000) {}
  change(text: string) {
    this.pending = text;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.ms);
  }
  async flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const text = this.pending;
    this.pending = null;
    if (text !== null) await this.save(text);
  }
}
