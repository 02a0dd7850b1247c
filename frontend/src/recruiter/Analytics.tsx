// HR analytics (issue 14): the funnel, the score distribution, time-to-hire, question
// effectiveness and fairness by answer language, for the filters in the URL. Charts are SVG and
// HTML drawn here (no chart library); each has its figures as a table for screen readers.
import { useMemo } from 'react';
import { api, type AnalyticsReport, type LanguageScores, type Times } from '../api';
import { useI18n, type MessageKey, type T } from '../i18n';
import { navigate, useLocation } from '../router';
import { ErrorAlert, Spinner } from '../ui';
import { useAsync, usePoll } from './hooks';
import { ChartFigure, DownloadButton } from './Charts';
import { safeFileName, saveBlob } from './files';
import {
  analyticsQuery, analyticsSearch, FILTER_LANGS, flagged, funnelRows, histogramRows, isEmptyReport, niceMax,
  parseAnalyticsFilters, PERIODS, spanOf, type AnalyticsFilters,
} from './analyticsState';

/** "3.5 days", "2 hours": the duration in the unit a person reads it in. */
export function formatSpan(t: T, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const { unit, n } = spanOf(seconds);
  return t(`an.${unit}` as MessageKey, { n });
}

function useFormats() {
  const { lang } = useI18n();
  return useMemo(() => {
    const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
    const num1 = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const num2 = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
    let names: Intl.DisplayNames | null = null;
    try { names = new Intl.DisplayNames([lang], { type: 'language' }); } catch { /* old engine */ }
    return {
      pct: (x: number | null | undefined) => (typeof x === 'number' ? pct.format(x) : '—'),
      num1: (x: number | null | undefined) => (typeof x === 'number' ? num1.format(x) : '—'),
      num2: (x: number | null | undefined) => (typeof x === 'number' ? num2.format(x) : '—'),
      day: (iso: string) => { const d = new Date(`${iso}T00:00:00Z`); return Number.isNaN(d.getTime()) ? iso : day.format(d); },
      language: (code: string) => names?.of(code) ?? code.toUpperCase(),
    };
  }, [lang]);
}

export function AnalyticsPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const filters = useMemo(() => parseAnalyticsFilters(search), [search]);
  const templates = useAsync(() => api.listTemplates({ limit: 100 }), []);
  const asked = JSON.stringify(filters);
  const report = useAsync(() => api.getAnalytics(analyticsQuery(filters)), [asked]);
  // The projections follow the event bus: the figures catch up while the page is open.
  usePoll(() => void report.reload(true), 15000, true);
  const update = (next: Partial<AnalyticsFilters>) => navigate(`/app/analytics${analyticsSearch({ ...filters, ...next }, location.search)}`, true, false);
  const r = report.data;
  const f = useFormats();
  const templateName = (templates.data?.items ?? []).find((x) => x.id === filters.template)?.name;

  const exportCsv = async () => {
    const blob = await api.exportInterviews({ template_id: filters.template || undefined, from: r?.first_day, to: r?.last_day });
    saveBlob(blob, safeFileName(`interviews ${templateName ?? ''} ${r?.first_day ?? ''} ${r?.last_day ?? ''}`, 'csv'));
  };

  return (
    <div className="page">
      <div className="page-head">
        <div><h1>{t('nav.analytics')}</h1><p className="sub">{r ? t('an.sub', { from: f.day(r.first_day), to: f.day(r.last_day), n: r.funnel.find((s) => s.step === 'invited')?.count ?? 0 }) : t('an.subLoading')}</p></div>
        <span className="spacer" />
        <DownloadButton label={t('an.exportCsv')} make={exportCsv} />
      </div>
      <section className="card toolbar an-filters" aria-label={t('an.filters')}>
        <div className="field"><label htmlFor="an-template">{t('iv.template')}</label>
          <select id="an-template" className="select" value={filters.template} onChange={(e) => update({ template: e.target.value })}>
            <option value="">{t('iv.allTemplates')}</option>
            {(templates.data?.items ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="an-period">{t('an.period')}</label>
          <select id="an-period" className="select" value={filters.period} onChange={(e) => update({ period: e.target.value as AnalyticsFilters['period'] })}>
            {PERIODS.map((p) => <option key={p} value={p}>{t(`an.period.${p}`)}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="an-lang">{t('an.language')}</label>
          <select id="an-lang" className="select" value={filters.language} onChange={(e) => update({ language: e.target.value as AnalyticsFilters['language'] })}>
            <option value="">{t('an.allLanguages')}</option>
            {FILTER_LANGS.map((l) => <option key={l} value={l}>{f.language(l)}</option>)}
          </select>
        </div>
      </section>
      <ErrorAlert error={report.error} />
      {report.loading && !r && <Spinner />}
      {/* Until the figures for new filters arrive, the ones shown are marked as being replaced. */}
      {r && <div aria-busy={report.loading} className={report.loading ? 'stale' : undefined}><Report r={r} oneTemplate={!!filters.template} /></div>}
    </div>
  );
}

function Report({ r, oneTemplate }: { r: AnalyticsReport; oneTemplate: boolean }) {
  const { t } = useI18n();
  return (
    <div className="stack-lg" style={{ marginTop: 16 }}>
      {isEmptyReport(r) && <div className="card empty"><h2>{t('an.emptyTitle')}</h2><p>{t('an.emptyBody')}</p></div>}
      <Funnel r={r} />
      <div className="an-grid">
        <Histogram r={r} />
        <TimesCard r={r} />
      </div>
      <Questions r={r} oneTemplate={oneTemplate} />
      <Fairness r={r} />
    </div>
  );
}

function Funnel({ r }: { r: AnalyticsReport }) {
  const { t } = useI18n();
  const f = useFormats();
  const rows = funnelRows(r.funnel);
  const stepName = (s: string) => t(`an.step.${s}` as MessageKey);
  return (
    <ChartFigure id="an-funnel" title={t('an.funnel')} note={t('an.funnelNote')}
      chart={
        <ol className="funnel">
          {rows.map((s, i) => (
            <li key={s.step}>
              <span className="funnel-label">{stepName(s.step)}</span>
              <span className="funnel-track"><span style={{ width: `${Math.max(s.width * 100, s.count ? 1.5 : 0)}%` }} /></span>
              <span className="funnel-count">{s.count}</span>
              <span className="funnel-meta small">{i === 0 ? '' : `${f.pct(s.conversion)} · ${formatSpan(t, s.time_from_previous?.median?.seconds)}`}</span>
            </li>
          ))}
        </ol>
      }
      table={
        <table className="table">
          <caption className="sr-only">{t('an.funnel')}</caption>
          <thead><tr><th scope="col">{t('an.step')}</th><th scope="col">{t('an.count')}</th><th scope="col">{t('an.conversion')}</th><th scope="col">{t('an.ofInvited')}</th><th scope="col">{t('an.medianStep')}</th></tr></thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.step}><th scope="row">{stepName(s.step)}</th><td className="num">{s.count}</td><td>{f.pct(s.conversion)}</td><td>{f.pct(s.of_invited)}</td><td>{s.step === 'invited' ? '—' : formatSpan(t, s.time_from_previous?.median?.seconds)}</td></tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

const W = 420;
const H = 190;
const PAD = { left: 30, right: 6, top: 14, bottom: 34 };

function Histogram({ r }: { r: AnalyticsReport }) {
  const { t } = useI18n();
  const f = useFormats();
  const rows = histogramRows(r.scores.bins);
  const top = niceMax(Math.max(0, ...rows.map((b) => b.count)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / rows.length;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const m = r.scores.moments;
  const recs = ['hire', 'consider', 'reject'].map((k) => ({ k, n: r.scores.recommendations?.[k] ?? 0 }));
  return (
    <ChartFigure id="an-scores" title={t('an.scores')}
      note={<>{t('an.scoresNote', { n: m.count, mean: f.num1(m.mean), sd: f.num1(m.standard_deviation) })}<br />{recs.map((x, i) => <span key={x.k}>{i ? ' · ' : ''}{t(`rec.${x.k}` as MessageKey)}: {x.n}</span>)}</>}
      chart={
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ display: 'block', maxWidth: 560 }} focusable="false">
          {[0, top / 2, top].map((v) => <g key={v}><line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e3e6ea" /><text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize={12} fill="#4a525c">{Number.isInteger(v) ? v : ''}</text></g>)}
          {rows.map((b, i) => {
            const x = PAD.left + i * bw;
            return (
              <g key={b.label}>
                {b.count > 0 && <rect x={x + 3} y={y(b.count)} width={bw - 6} height={y(0) - y(b.count)} rx={2} fill="var(--brand)" />}
                {b.count > 0 && <text x={x + bw / 2} y={y(b.count) - 3} textAnchor="middle" fontSize={11} fill="#16191d">{b.count}</text>}
                <text x={x + bw / 2} y={H - PAD.bottom + 16} textAnchor="middle" fontSize={11} fill="#4a525c">{b.from}</text>
              </g>
            );
          })}
          <text x={PAD.left + plotW / 2} y={H - 4} textAnchor="middle" fontSize={12} fill="#4a525c">{t('an.scoreAxis')}</text>
        </svg>
      }
      table={
        <table className="table">
          <caption className="sr-only">{t('an.scores')}</caption>
          <thead><tr><th scope="col">{t('an.scoreRange')}</th><th scope="col">{t('an.interviews')}</th></tr></thead>
          <tbody>{rows.map((b) => <tr key={b.label}><th scope="row">{b.label}</th><td className="num">{b.count}</td></tr>)}</tbody>
        </table>
      }
    />
  );
}

function TimesRows({ label, times }: { label: string; times: Times }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <span className="an-figure">{formatSpan(t, times.median?.seconds)}</span> <span className="small muted">{t('an.median')}</span><br />
        <span>{formatSpan(t, times.p90?.seconds)}</span> <span className="small muted">{t('an.p90')}</span><br />
        <span className="small muted">{t('an.basedOn', { n: times.count })}</span>
      </dd>
    </>
  );
}

function TimesCard({ r }: { r: AnalyticsReport }) {
  const { t } = useI18n();
  const f = useFormats();
  const a = r.agreement;
  return (
    <section className="card card-pad stack" aria-labelledby="an-times-h">
      <h2 id="an-times-h">{t('an.times')}</h2>
      <dl className="kv an-times">
        <TimesRows label={t('an.timeToHire')} times={r.time_to_hire} />
        <TimesRows label={t('an.completionTime')} times={r.completion_time} />
        <dt>{t('an.agreement')}</dt>
        <dd>{a.decisive ? t('an.agreementText', { agreed: a.agreed, n: a.decisive, rate: f.pct(a.rate) }) : '—'}</dd>
        <dt>{t('an.expired')}</dt>
        <dd>{t('an.interviewsN', { n: r.expired })}</dd>
      </dl>
    </section>
  );
}

function Questions({ r, oneTemplate }: { r: AnalyticsReport; oneTemplate: boolean }) {
  const { t } = useI18n();
  const f = useFormats();
  return (
    <section className="card" aria-labelledby="an-q-h">
      <div className="card-head"><h2 id="an-q-h">{t('an.questions')}</h2></div>
      <div className="card-body small muted">{t('an.questionsNote')}</div>
      {!oneTemplate ? <div className="empty"><p>{t('an.questionsPick')}</p></div> : r.questions.length === 0 ? <div className="empty"><p>{t('an.questionsNone')}</p></div> : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('an.questions')}</caption>
            <thead><tr><th scope="col">{t('an.question')}</th><th scope="col">{t('an.answers')}</th><th scope="col">{t('an.mean')}</th><th scope="col">{t('an.sd')}</th><th scope="col">{t('an.itemTotal')}</th><th scope="col">{t('an.quality')}</th><th scope="col">{t('an.pointBiserial')}</th></tr></thead>
            <tbody>
              {r.questions.map((q, i) => (
                <tr key={q.question_id}>
                  <th scope="row" className="an-qtext">{i + 1}. {q.question_text ?? q.question_id}</th>
                  <td className="num">{q.scores.count}</td>
                  <td className="num">{f.num1(q.scores.mean)}</td>
                  <td className="num">{f.num1(q.scores.standard_deviation)}</td>
                  <td className="num">{f.num2(q.item_total)}</td>
                  <td>{q.label ? <span className={`badge q-${q.label}`}>{t(`an.label.${q.label}` as MessageKey)}</span> : <span className="small muted">{t('an.tooFew')}</span>}</td>
                  <td className="num">{f.num2(q.point_biserial)} <span className="small muted">({t('an.decidedN', { n: q.decided })})</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.drop_off.length > 0 && (
        <div className="card-body stack">
          <h3 id="an-drop-h">{t('an.dropOff')}</h3>
          <table className="table" aria-labelledby="an-drop-h">
            <thead><tr><th scope="col">{t('an.question')}</th><th scope="col">{t('an.stopped')}</th></tr></thead>
            <tbody>{r.drop_off.map((d) => <tr key={d.question_index}><th scope="row" className="an-qtext">{d.question_index + 1}. {d.question_text ?? ''}</th><td className="num">{t('an.candidatesN', { n: d.count })}</td></tr>)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function advice(t: T, name: string, l: LanguageScores): string {
  const gap = Math.round(Math.abs(l.difference ?? 0) * 10) / 10;
  return t((l.difference ?? 0) > 0 ? 'an.fairHigher' : 'an.fairLower', { language: name, gap, n: l.scores.count, rest: l.rest.count });
}

function Fairness({ r }: { r: AnalyticsReport }) {
  const { t } = useI18n();
  const f = useFormats();
  const flags = flagged(r);
  const rows = r.languages;
  const barW = 300;
  return (
    <ChartFigure id="an-fair" title={t('an.fairness')}
      note={<div className="stack"><span>{rows.length === 0 ? t('an.fairNone') : t('an.fairNote')}</span>{flags.map((l) => <div key={l.language} className="alert warn"><span>{advice(t, f.language(l.language), l)}</span></div>)}</div>}
      chart={rows.length === 0 ? null : (
        <div className="stack">
          <svg viewBox={`0 0 ${barW + 210} ${rows.length * 30 + 8}`} width="100%" style={{ display: 'block', maxWidth: barW + 210 }} focusable="false">
            {rows.map((l, i) => {
              const mean = l.scores.mean ?? 0;
              const yy = i * 30 + 4;
              return (
                <g key={l.language}>
                  <text x={0} y={yy + 15} fontSize={12} fill="#4a525c">{f.language(l.language)}</text>
                  <rect x={110} y={yy + 3} width={barW} height={16} rx={3} fill="#f1f3f5" />
                  <rect x={110} y={yy + 3} width={(barW * Math.max(0, Math.min(100, mean))) / 100} height={16} rx={3} fill={l.flagged ? '#8a5300' : 'var(--brand)'} />
                  <text x={116 + barW} y={yy + 15} fontSize={12} fill="#16191d">{f.num1(l.scores.mean)} (n={l.scores.count}){l.flagged ? ' ⚑' : ''}</text>
                </g>
              );
            })}
          </svg>
        </div>
      )}
      table={
        <>
          <table className="table">
            <caption className="sr-only">{t('an.fairness')}</caption>
            <thead><tr><th scope="col">{t('an.language')}</th><th scope="col">{t('an.answers')}</th><th scope="col">{t('an.mean')}</th><th scope="col">{t('an.sd')}</th><th scope="col">{t('an.difference')}</th><th scope="col">{t('an.review')}</th></tr></thead>
            <tbody>
              {rows.map((l) => (
                <tr key={l.language}><th scope="row">{f.language(l.language)}</th><td className="num">{l.scores.count}</td><td className="num">{f.num1(l.scores.mean)}</td><td className="num">{f.num1(l.scores.standard_deviation)}</td><td className="num">{f.num1(l.difference)}</td><td>{l.flagged ? t('an.reviewSuggested') : '—'}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      }
    />
  );
}

