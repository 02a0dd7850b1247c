// Candidates side by side (issue 14): 2–6 interviews of one template, their criteria radars
// overlaid, scores per question and per criterion, recommendations and decisions, and the PDF.
import { useMemo } from 'react';
import { api, type Comparison } from '../api';
import { isCriterion } from '../analysis';
import { useI18n, type T } from '../i18n';
import { Link, useLocation } from '../router';
import { ErrorAlert, Spinner, StatusBadge } from '../ui';
import { useAsync } from './hooks';
import { DownloadButton } from './Charts';
import { safeFileName, saveStoredFile } from './files';
import { RadarOverlay, SeriesKey } from './Radar';
import { best, criterionRows, MIN_COMPARE, parseCompareIds, questionRows } from './compareState';

const criterionLabel = (t: T, name: string) => (isCriterion(name) ? t(`crit.${name}`) : name);

export function ComparePage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const ids = useMemo(() => parseCompareIds(search), [search]);
  const enough = ids.length >= MIN_COMPARE;
  const cmp = useAsync(() => (enough ? api.compareInterviews(ids) : Promise.resolve(null)), [ids.join(',')]);
  const c = cmp.data;

  const pdf = async () => {
    const file = await api.exportComparisonReport(ids);
    await saveStoredFile(file, safeFileName(`${t('cmp.fileName')} ${c?.template_name ?? ''}`, 'pdf'));
  };

  return (
    <div className="page">
      <div className="crumbs"><Link to="/app/interviews">{t('nav.interviews')}</Link> / {t('cmp.title')}</div>
      <div className="page-head">
        <div><h1>{t('cmp.title')}</h1><p className="sub">{c ? t('cmp.sub', { template: c.template_name, n: c.interviews.length }) : enough ? t('common.loading') : ''}</p></div>
        <span className="spacer" />
        {c && <DownloadButton primary label={t('cmp.downloadPdf')} make={pdf} />}
      </div>
      {!enough && <div className="card empty"><h2>{t('cmp.pickTitle')}</h2><p>{t('cmp.pickBody')}</p><p><Link to="/app/interviews">{t('nav.interviews')}</Link></p></div>}
      <ErrorAlert error={cmp.error} />
      {enough && cmp.loading && !c && <Spinner />}
      {c && <ComparisonView c={c} />}
    </div>
  );
}

function ComparisonView({ c }: { c: Comparison }) {
  const { t } = useI18n();
  const names = c.interviews.map((iv) => iv.candidate_name);
  const crit = criterionRows(c);
  const questions = questionRows(c);
  const axes = crit.map((r) => criterionLabel(t, r.criterion));
  const series = c.interviews.map((iv, k) => ({ name: iv.candidate_name, values: crit.map((r) => r.scores[k]) }));
  const head = (
    <thead><tr><td />{c.interviews.map((iv) => <th key={iv.interview_id} scope="col"><Link to={`/app/interviews/${iv.interview_id}`}>{iv.candidate_name}</Link></th>)}</tr></thead>
  );
  const scoreCells = (scores: (number | null)[]) => {
    const top = best(scores);
    return scores.map((s, k) => (
      <td key={k} className="num">{s === null ? '—' : s === top && scores.length > 1 ? <strong>{s}<span className="sr-only"> ({t('cmp.highest')})</span></strong> : s}</td>
    ));
  };
  return (
    <div className="stack-lg">
      <div className="cmp-grid">
        <section className="card card-pad stack" aria-labelledby="cmp-radar-h">
          <h2 id="cmp-radar-h">{t('cmp.radar')}</h2>
          {axes.length >= 3
            ? <RadarOverlay axes={axes} series={series} label={t('cmp.radarLabel', { names: names.join(', ') })} />
            : <p className="muted">{t('cmp.radarNone')}</p>}
          <SeriesKey names={names} />
          <p className="small muted">{t('cmp.radarNote')}</p>
        </section>
        <section className="card" aria-labelledby="cmp-sum-h">
          <div className="card-head"><h2 id="cmp-sum-h">{t('cmp.summary')}</h2></div>
          <div className="table-wrap">
            <table className="table cmp-table" aria-labelledby="cmp-sum-h">
              {head}
              <tbody>
                <tr><th scope="row">{t('iv.overall')}</th>{scoreCells(c.interviews.map((iv) => iv.overall_score))}</tr>
                <tr><th scope="row">{t('iv.recommendation')}</th>{c.interviews.map((iv) => <td key={iv.interview_id}>{iv.recommendation ? <StatusBadge kind="rec" status={iv.recommendation} /> : '—'}</td>)}</tr>
                <tr><th scope="row">{t('iv.decision')}</th>{c.interviews.map((iv) => <td key={iv.interview_id}>{iv.decision ? <StatusBadge kind="outcome" status={iv.decision} /> : <span className="muted">{t('cmp.undecided')}</span>}{iv.decision_note && <div className="small muted">{iv.decision_note}</div>}</td>)}</tr>
                <tr><th scope="row">{t('iv.status')}</th>{c.interviews.map((iv) => <td key={iv.interview_id}><StatusBadge status={iv.status} /></td>)}</tr>
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <section className="card" aria-labelledby="cmp-crit-h">
        <div className="card-head"><h2 id="cmp-crit-h">{t('cmp.byCriterion')}</h2></div>
        <div className="table-wrap">
          <table className="table cmp-table" aria-labelledby="cmp-crit-h">
            {head}
            <tbody>{crit.map((r) => <tr key={r.criterion}><th scope="row">{criterionLabel(t, r.criterion)}</th>{scoreCells(r.scores)}</tr>)}</tbody>
          </table>
          {crit.length === 0 && <div className="empty"><p>{t('cmp.noScores')}</p></div>}
        </div>
      </section>
      <section className="card" aria-labelledby="cmp-q-h">
        <div className="card-head"><h2 id="cmp-q-h">{t('cmp.byQuestion')}</h2></div>
        <div className="table-wrap">
          <table className="table cmp-table" aria-labelledby="cmp-q-h">
            {head}
            <tbody>{questions.map((q, i) => <tr key={q.id}><th scope="row" className="an-qtext">{i + 1}. {q.text}</th>{scoreCells(q.scores)}</tr>)}</tbody>
          </table>
        </div>
      </section>
      <p className="small muted">{t('iv.advisory')}</p>
    </div>
  );
}

