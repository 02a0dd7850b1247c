// Templates (issue 12): the list's URL state, the duplicate's name, the question bank's copies
// and the intro video's checks and upload. Pure where it can be (templateLibrary.test.ts).
import { INTRO_VIDEO_MAX_BYTES, INTRO_VIDEO_TYPES, type BankQuestion, type BankQuestionWrite, type IntroUpload, type IntroVideoType, type QuestionDraft, type TemplateStatus } from '../api';

export interface TemplatesListState { status: TemplateStatus | ''; q: string }
const STATUSES: TemplateStatus[] = ['draft', 'active', 'archived'];

export function parseTemplatesState(search: string): TemplatesListState {
  const p = new URLSearchParams(search);
  const status = p.get('status') ?? '';
  return { status: (STATUSES as string[]).includes(status) ? (status as TemplateStatus) : '', q: p.get('q') ?? '' };
}

/** The query string for a state ('' for the default list); unknown parameters are kept. */
export function templatesSearch(state: TemplatesListState, current = ''): string {
  const p = new URLSearchParams(current);
  const set = (k: string, v: string) => { if (v) p.set(k, v); else p.delete(k); };
  set('status', state.status);
  set('q', state.q);
  const out = p.toString();
  return out ? `?${out}` : '';
}

/** What the server searches for: 2 to 100 characters, else nothing. */
export function searchNeedle(q: string): string {
  const text = q.trim();
  return text.length >= 2 ? text.slice(0, 100) : '';
}

export const MAX_TEMPLATE_NAME = 200;
/** A duplicate's name in the reader's language: `format` puts the name into "{name} (copy)";
 * a long name is shortened so the whole stays within the 200 characters a name may have. */
export function copyName(name: string, format: (name: string) => string): string {
  const whole = format(name);
  if (whole.length <= MAX_TEMPLATE_NAME) return whole;
  const room = MAX_TEMPLATE_NAME - (whole.length - name.length) - 1;
  return format(`${name.slice(0, Math.max(1, room)).trimEnd()}…`);
}

/** A bank question as a new question of a template (no id: the template gives it its own). */
export function bankToDraft(q: BankQuestion): QuestionDraft {
  return {
    text: q.text, time_limit_seconds: q.time_limit_seconds, think_time_seconds: q.think_time_seconds,
    retakes: q.retakes, competencies: [...(q.competencies ?? [])], ideal_answer: q.ideal_answer ?? null,
  };
}

/** A template's question as the bank stores it (text trimmed, an empty hint left out). */
export function draftToBank(q: QuestionDraft): BankQuestionWrite {
  const ideal = q.ideal_answer?.trim();
  return {
    text: q.text.trim(), time_limit_seconds: Number(q.time_limit_seconds ?? 120), think_time_seconds: Number(q.think_time_seconds ?? 30),
    retakes: Number(q.retakes ?? 1), competencies: [...(q.competencies ?? [])], ideal_answer: ideal ? ideal : null,
  };
}

/** Two questions say the same thing (case, spacing): the bank marks what a template already has. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return norm(a) === norm(b);
}

export type IntroFileProblem = 'type' | 'size' | 'empty';
/** Why a chosen file cannot be the intro video (the server checks the stored object again). */
export function introFileProblem(file: { type: string; size: number }): IntroFileProblem | null {
  if (!(INTRO_VIDEO_TYPES as readonly string[]).includes(file.type)) return 'type';
  if (file.size <= 0) return 'empty';
  if (file.size > INTRO_VIDEO_MAX_BYTES) return 'size';
  return null;
}

export function asIntroType(type: string): IntroVideoType {
  return type as IntroVideoType;
}

/** Whole per cent of `loaded` out of `total` (0 when unknown). */
export function percent(loaded: number, total: number): number {
  if (!total || total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

/** POSTs the file to S3 with the grant's fields, reporting progress; rejects on a refusal. */
export function postIntro(grant: IntroUpload, file: Blob, onProgress: (pct: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', grant.url);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(percent(e.loaded, e.total)); };
    xhr.onload = () => { if (xhr.status >= 200 && xhr.status < 300) { onProgress(100); resolve(); } else reject(new Error(`upload refused (${xhr.status})`)); };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
