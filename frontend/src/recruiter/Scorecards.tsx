// The reviewer's scorecard (every competency rated 1-5 against its behavioural anchors, and an
// overall recommendation) and the reviewers' ratings beside the AI's.
import { useState, type FormEvent } from 'react';
import { api, type InterviewDetail, type ScorecardList, type ScorecardRecommendation } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorAlert, StatusBadge, useToast } from '../ui';
import { useSession } from './RecruiterApp';

export const RECOMMENDATIONS: ScorecardRecommendation[] = ['strong_no', 'no', 'yes', 'strong_yes'];
const recKey = (r: ScorecardRecommendation) => `screc.${r}` as MessageKey;

export function ScorecardForm({ d, list, onSaved }: { d: InterviewDetail; list: ScorecardList; onSaved: () => void }) {
  const { t, fmtDate } = useI18n();
  const { me } = useSession();
  const toast = useToast();
  const tpl = list.scorecard_template;
  const mine = list.items.find((s) => s.reviewer_id === me.id);
  const [ratings, setRatings] = useState<Record<string, number>>(() => Object.fromEntries((mine?.ratings ?? []).map((r) => [r.competency_id, r.rating])));
  const [rec, setRec] = useState<ScorecardRecommendation | ''>(mine?.recommendation ?? '');
  const [notes, setNotes] = useState(mine?.notes ?? '');
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!tpl) {
    return (
      <section className="card card-pad stack" aria-labelledby="sc-form-h">
        <h2 id="sc-form-h">{t('sc.yours')}</h2>
        <p className="muted small">{t('sc.noTemplate')}</p>
      </section>
    );
  }
  const can = ['completed', 'analyzed'].includes(d.status) && !d.decision;
  // The others stay hidden only from the interview's reviewers (the server's rule), never from those who decide.
  const reviewer = me.role === 'interviewer' || d.reviewer_ids.includes(me.id);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const gaps = tpl.competencies.filter((c) => !ratings[c.id]).map((c) => c.id).concat(rec ? [] : ['recommendation']);
    setMissing(gaps);
    if (gaps.length) {
      document.querySelector<HTMLInputElement>(`input[name="sc-${gaps[0]}"]`)?.focus();
      return;
    }
    setBusy(true); setError(null);
    try {
      await api.submitScorecard(d.id, { ratings: tpl.competencies.map((c) => ({ competency_id: c.id, rating: ratings[c.id]! })), recommendation: rec as ScorecardRecommendation, notes });
      toast(t('sc.saved'));
      onSaved();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  return (
    <section className="card card-pad" aria-labelledby="sc-form-h">
      <form className="stack" onSubmit={submit} noValidate>
        <div className="row wrap">
          <h2 id="sc-form-h">{t('sc.yours')}</h2>
          <span className="spacer" />
          {mine && <span className="small muted">{t('sc.submittedOn', { date: fmtDate(mine.updated_at, true) })}</span>}
        </div>
        <p className="small muted">{tpl.name}{tpl.description ? ` · ${tpl.description}` : ''}</p>
        {!can && <p className="small muted">{d.decision ? t('sc.decided') : t('sc.later')}</p>}
        {tpl.hide_others_until_submitted && !mine && reviewer && <p className="small muted">{t('sc.hiddenRule')}</p>}
        <fieldset className="plain stack" disabled={!can}>
          {tpl.competencies.map((c) => (
            <fieldset key={c.id} className="competency" aria-describedby={missing.includes(c.id) ? `sc-err-${c.id}` : undefined}>
              <legend>{c.name}</legend>
              {c.description && <p className="small muted">{c.description}</p>}
              <div className="anchors">
                {c.anchors.map((a, i) => (
                  <label key={i} className="anchor">
                    <input type="radio" name={`sc-${c.id}`} value={i + 1} checked={ratings[c.id] === i + 1}
                      onChange={() => { setRatings((r) => ({ ...r, [c.id]: i + 1 })); setMissing((m) => m.filter((x) => x !== c.id)); }} />
                    <span className="lvl">{i + 1}</span>{' '}<span>{a}</span>
                  </label>
                ))}
              </div>
              {missing.includes(c.id) && <p id={`sc-err-${c.id}`} className="error-text">{t('sc.rateThis')}</p>}
            </fieldset>
          ))}
          <fieldset className="competency" aria-describedby={missing.includes('recommendation') ? 'sc-err-recommendation' : undefined}>
            <legend>{t('sc.recommendation')}</legend>
            <div className="seg-choice four">
              {RECOMMENDATIONS.map((r) => (
                <label key={r}><input type="radio" name="sc-recommendation" value={r} checked={rec === r} onChange={() => { setRec(r); setMissing((m) => m.filter((x) => x !== 'recommendation')); }} /><span>{t(recKey(r))}</span></label>
              ))}
            </div>
            {missing.includes('recommendation') && <p id="sc-err-recommendation" className="error-text">{t('sc.pickRecommendation')}</p>}
          </fieldset>
          <div className="field">
            <label htmlFor="sc-notes">{t('sc.notes')}</label>
            <textarea id="sc-notes" className="textarea" value={notes} maxLength={4000} onChange={(e) => setNotes(e.target.value)} />
          </div>
        </fieldset>
        {missing.length > 0 && <div className="alert bad" role="alert">{t('sc.missing', { n: missing.length })}</div>}
        <ErrorAlert error={error} />
        <div><button type="submit" className="btn primary" disabled={!can || busy}>{busy ? t('common.wait') : mine ? t('sc.update') : t('sc.submit')}</button></div>
      </form>
    </section>
  );
}

/** The reviewers' ratings per competency, their spread and their agreement with the AI. */
export function ScorecardSummaryCard({ list }: { list: ScorecardList }) {
  const { t, lang } = useI18n();
  const s = list.summary;
  const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const cards = list.items;
  const first = (name: string) => name.split(/\s+/)[0] || name;
  return (
    <section className="card card-pad stack" aria-labelledby="sc-sum-h">
      <h2 id="sc-sum-h">{t('sc.summary')}</h2>
      {s.hidden
        ? <p className="muted small">{t('sc.hiddenUntil', { n: list.hidden_count })}</p>
        : s.submitted === 0
          ? <p className="muted small">{t('sc.noneYet')}</p>
          : (
            <>
              <dl className="kv">
                <dt>{t('sc.reviewersScore')}</dt>
                <dd><strong>{s.human_score ?? '—'}</strong>{s.human_score != null && ' / 100'} <span className="small muted">({t('sc.submittedN', { n: s.submitted })})</span></dd>
                <dt>{t('sc.aiScore')}</dt>
                <dd>{s.ai_score ?? '—'}{s.ai_score != null && ' / 100'}</dd>
                {s.agreement != null && <><dt>{t('sc.agreement')}</dt><dd>{t('sc.agreeing', { n: s.agreeing ?? 0, total: s.submitted })}</dd></>}
              </dl>
              <div className="table-wrap" tabIndex={0} role="region" aria-label={t('sc.byCompetency')}>
                <table className="table compact">
                  <caption className="sr-only">{t('sc.byCompetency')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('sc.competency')}</th>
                      {cards.map((c) => <th key={c.reviewer_id} scope="col" title={c.reviewer_name}>{first(c.reviewer_name)}</th>)}
                      <th scope="col">{t('sc.mean')}</th>
                      <th scope="col">{t('sc.spread')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.competencies.map((c) => (
                      <tr key={c.competency_id}>
                        <th scope="row">{c.name}</th>
                        {cards.map((card) => <td key={card.reviewer_id} className="num">{card.ratings.find((r) => r.competency_id === c.competency_id)?.rating ?? '—'}</td>)}
                        <td className="num">{oneDecimal.format(c.mean)}</td>
                        <td className="num">{c.spread}{c.spread >= 2 && <span className="sr-only"> · {t('sc.disagree')}</span>}{c.spread >= 2 && <span aria-hidden="true" title={t('sc.disagree')}> ⚠</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <ul className="plain-list stack" aria-label={t('sc.byReviewer')}>
                {cards.map((c) => (
                  <li key={c.reviewer_id} className="row wrap small">
                    <strong>{c.reviewer_name}</strong><span className="spacer" /><span className={`badge r-${c.recommendation}`}>{t(recKey(c.recommendation))}</span>
                    {c.notes && <p className="muted" style={{ flexBasis: '100%', whiteSpace: 'pre-wrap' }}>{c.notes}</p>}
                  </li>
                ))}
              </ul>
              {s.ai_recommendation && <p className="small muted row wrap">{t('sc.aiSays')} <StatusBadge kind="rec" status={s.ai_recommendation} /></p>}
            </>
          )}
    </section>
  );
}
