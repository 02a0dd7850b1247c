// Reads analysis results defensively: the pipeline's shapes are still arriving.

export interface CriterionView { name: string; score: number | null; reason?: string; evidence: string[] }
export interface Segment { start: number; end: number; text: string }

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x)) ? Number(x) : null);
const strs = (x: unknown): string[] => (Array.isArray(x) ? x.map((e) => (typeof e === 'string' ? e : e && typeof e === 'object' && 'quote' in e ? String((e as { quote: unknown }).quote) : String(e))).filter(Boolean) : typeof x === 'string' && x ? [x] : []);

function one(name: string, v: unknown): CriterionView {
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return { name, score: num(o.score ?? o.value), reason: typeof o.reason === 'string' ? o.reason : typeof o.rationale === 'string' ? o.rationale : undefined, evidence: strs(o.evidence ?? o.quotes) };
  }
  return { name, score: num(v), evidence: [] };
}

export function criteriaOf(analysis: unknown): CriterionView[] {
  if (!analysis || typeof analysis !== 'object') return [];
  const a = analysis as Record<string, unknown>;
  const src = a.criteria ?? a.scores;
  if (Array.isArray(src)) {
    return src.filter((x) => x && typeof x === 'object').map((x) => {
      const o = x as Record<string, unknown>;
      return one(String(o.name ?? o.criterion ?? o.key ?? '?'), o);
    });
  }
  if (src && typeof src === 'object') return Object.entries(src as Record<string, unknown>).map(([k, v]) => one(k, v));
  return [];
}

/** The four criteria the scorer rates; their names come from the UI's dictionary (crit.*). */
export const CRITERIA = ['relevance', 'completeness', 'clarity', 'depth'] as const;
export type CriterionName = (typeof CRITERIA)[number];
export function isCriterion(name: string): name is CriterionName {
  return (CRITERIA as readonly string[]).includes(name);
}

export interface SummaryView { summary: string | null; strengths: string[]; concerns: string[] }

/**
 * The interview's summary, strengths and concerns in the reviewer's language: the analysis
 * carries `translations` per language (en, ru, de, es); without one, what it was written in.
 */
export function summaryIn(analysis: unknown, lang: string): SummaryView {
  if (!analysis || typeof analysis !== 'object') return { summary: null, strengths: [], concerns: [] };
  const a = analysis as Record<string, unknown>;
  const tr = a.translations && typeof a.translations === 'object' ? (a.translations as Record<string, unknown>)[lang] : undefined;
  const src = tr && typeof tr === 'object' && typeof (tr as Record<string, unknown>).summary === 'string' ? (tr as Record<string, unknown>) : a;
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((e): e is string => typeof e === 'string' && e !== '') : []);
  return { summary: typeof src.summary === 'string' && src.summary ? src.summary : null, strengths: list(src.strengths), concerns: list(src.concerns) };
}

export function overallOf(analysis: unknown): number | null {
  if (!analysis || typeof analysis !== 'object') return null;
  const a = analysis as Record<string, unknown>;
  return num(a.overall_score ?? a.overall ?? a.score);
}

export type Recommendation = 'hire' | 'consider' | 'reject';
export function recommendationOf(analysis: unknown): Recommendation | null {
  if (analysis && typeof analysis === 'object') {
    const r = (analysis as Record<string, unknown>).recommendation;
    if (r === 'hire' || r === 'consider' || r === 'reject') return r;
  }
  const o = overallOf(analysis);
  if (o === null) return null;
  return o >= 75 ? 'hire' : o >= 50 ? 'consider' : 'reject';
}

/** Mean of each criterion across answers, for the radar chart. */
export function averageCriteria(list: CriterionView[][]): { name: string; score: number }[] {
  const sums = new Map<string, { s: number; n: number }>();
  for (const cs of list) for (const c of cs) {
    if (c.score === null) continue;
    const e = sums.get(c.name) ?? { s: 0, n: 0 };
    e.s += c.score; e.n += 1;
    sums.set(c.name, e);
  }
  return [...sums].map(([name, { s, n }]) => ({ name, score: Math.round(s / n) }));
}

function parseTime(ts: string): number {
  const p = ts.trim().split(':').map(Number);
  if (p.some((x) => !Number.isFinite(x))) return NaN;
  return p.length === 3 ? p[0] * 3600 + p[1] * 60 + p[2] : p.length === 2 ? p[0] * 60 + p[1] : p[0];
}

/** WebVTT cues → transcript segments. */
export function parseVtt(text: string): Segment[] {
  const out: Segment[] = [];
  const blocks = text.replace(/\r/g, '').split(/\n\n+/);
  for (const b of blocks) {
    const lines = b.split('\n');
    const i = lines.findIndex((l) => l.includes('-->'));
    if (i < 0) continue;
    const [a, z] = lines[i].split('-->');
    const start = parseTime(a);
    const end = parseTime(z.trim().split(/\s+/)[0]);
    const body = lines.slice(i + 1).join(' ').replace(/<[^>]+>/g, '').trim();
    if (Number.isFinite(start) && Number.isFinite(end) && body) out.push({ start, end, text: body });
  }
  return out;
}

/** Segments from whatever the answer carries: segments/words arrays, or none. */
export function segmentsOf(answer: Record<string, unknown>): Segment[] {
  const cand = answer.segments ?? answer.transcript_segments ?? (answer.analysis && typeof answer.analysis === 'object' ? (answer.analysis as Record<string, unknown>).segments : undefined);
  if (!Array.isArray(cand)) return [];
  return cand.filter((s) => s && typeof s === 'object').map((s) => {
    const o = s as Record<string, unknown>;
    return { start: num(o.start) ?? 0, end: num(o.end) ?? num(o.start) ?? 0, text: String(o.text ?? '') };
  }).filter((s) => s.text);
}

export function activeSegment(segs: Segment[], t: number): number {
  for (let i = segs.length - 1; i >= 0; i--) if (t >= segs[i].start) return t <= segs[i].end + 1.5 || i === segs.length - 1 ? i : -1;
  return -1;
}
