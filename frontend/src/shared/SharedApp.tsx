// A hiring manager's read-only view of one interview through a share link (issue 12). The
// token is in the URL's fragment (/shared#<token>), which never reaches a server or a log; it is
// sent to the API as a Bearer. No sign-in, no notes, no comments, no email addresses.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, actionsApi, type Lang, type SharedAnswer, type SharedInterview } from '../api';
import { criteriaOf, isCriterion, summaryIn } from '../analysis';
import { I18nProvider, isLang, LANG_NAMES, LANGS, useI18n, type T } from '../i18n';
import { loadPrefs, savePrefs } from '../prefs';
import { sharedTokenOf } from '../recruiter/actionsState';
import { ErrorAlert, Icon, Spinner, StatusBadge } from '../ui';

type Closed = 'expired' | 'revoked' | 'invalid';

function initialLang(): Lang {
  const saved = loadPrefs().language;
  if (saved) return saved;
  const browser = (navigator.language || 'en').slice(0, 2);
  return isLang(browser) ? browser : 'en';
}

export default function SharedApp() {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => { document.documentElement.lang = lang; }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <SharedPage lang={lang} setLang={(l) => { setLang(l); savePrefs({ language: l }); }} />
    </I18nProvider>
  );
}

function SharedPage({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const { t } = useI18n();
  const token = useMemo(() => sharedTokenOf(location.hash), []);
  const [data, setData] = useState<SharedInterview | null>(null);
  const [closed, setClosed] = useState<Closed | null>(token ? null : 'invalid');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!token) return;
    actionsApi.getSharedInterview(token).then(setData).catch((e) => {
      if (e instanceof ApiError && e.status === 410) setClosed(e.extensions.reason === 'revoked' ? 'revoked' : 'expired');
      else if (e instanceof ApiError && e.status === 401) setClosed('invalid');
      else setError(e);
    });
  }, [token]);
  useEffect(() => { document.title = data ? `${data.candidate_name} · ${data.template_name}` : t('shr.title'); }, [data, t]);
  return (
    <div className="shr">
      <header className="shr-head row">
        <span className="logo-mark" aria-hidden="true" /><span style={{ fontWeight: 680 }}>Interviews</span><span className="spacer" />
        <label className="sr-only" htmlFor="shr-lang">{t('settings.language')}</label>
        <select id="shr-lang" className="select shr-lang" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
          {LANGS.map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}
        </select>
      </header>
      <main id="main" className="shr-main">
        {closed ? <ClosedLink kind={closed} /> : data ? <SharedView d={data} /> : error ? <ErrorAlert error={error} /> : <Spinner />}
      </main>
    </div>
  );
}

function ClosedLink({ kind }: { kind: Closed }) {
  const { t } = useI18n();
  return (
    <section className="card card-pad stack shr-closed" aria-labelledby="shr-closed-h">
      <Icon name="alert" size={28} />
      <h1 id="shr-closed-h">{t(`shr.closed.${kind}`)}</h1>
      <p>{t('shr.closedBody')}</p>
    </section>
  );
}

const label = (t: T, name: string) => (isCriterion(name) ? t(`crit.${name}`) : name);

function SharedView({ d }: { d: SharedInterview }) {
  const { t, fmtDate, lang } = useI18n();
  const { summary, strengths, concerns } = summaryIn(d.analysis, lang);
  const byQuestion = new Map(d.answers.map((a) => [a.question_id, a]));
  return (
    <div className="stack-lg">
      <div>
        <p className="small muted">{t('shr.readOnly', { date: fmtDate(d.link_expires_at, true) })}</p>
        <div className="row wrap"><h1>{d.candidate_name}</h1><StatusBadge status={d.status} />{d.decision && <StatusBadge kind="outcome" status={d.decision.outcome} />}</div>
        <p className="sub">{d.template_name}{d.completed_at ? ` · ${t('shr.completed', { date: fmtDate(d.completed_at) })}` : ''}</p>
      </div>
      <section className="card card-pad stack" aria-labelledby="shr-overall-h">
        <h2 id="shr-overall-h">{t('iv.overall')}</h2>
        {d.overall_score !== null ? <div className="row wrap"><span className="score-big">{d.overall_score}</span><span className="muted">/ 100</span><span className="spacer" />{d.recommendation && <StatusBadge kind="rec" status={d.recommendation} />}</div> : <p className="muted">{t('iv.noAnalysis')}</p>}
        {summary && <p>{summary}</p>}
        {strengths.length > 0 && <div><h3>{t('iv.strengths')}</h3><ul className="shr-ul">{strengths.map((s) => <li key={s}>{s}</li>)}</ul></div>}
        {concerns.length > 0 && <div><h3>{t('iv.concerns')}</h3><ul className="shr-ul">{concerns.map((s) => <li key={s}>{s}</li>)}</ul></div>}
        {d.decision && <p className="small">{t('shr.decision', { outcome: t(`outcome.${d.decision.outcome}`), date: fmtDate(d.decision.decided_at) })}</p>}
        {d.overall_score !== null && <p className="small muted">{t('iv.advisory')}</p>}
      </section>
      {d.questions.map((q, i) => <SharedQuestion key={q.id} n={i + 1} text={q.text} answer={byQuestion.get(q.id)} />)}
    </div>
  );
}

function SharedQuestion({ n, text, answer }: { n: number; text: string; answer?: SharedAnswer }) {
  const { t } = useI18n();
  const crit = criteriaOf(answer?.analysis);
  const media = answer?.media;
  return (
    <section className="card card-pad stack" aria-labelledby={`shr-q${n}`}>
      <h2 id={`shr-q${n}`} className="shr-q"><span className="muted">{t('iv.qShort', { n })}</span> {text}</h2>
      {!answer ? <p className="muted">{t('iv.noAnswer')}</p> : <>
        {media?.video_url
          ? <div className="player"><video controls playsInline preload="metadata" src={media.video_url} poster={media.poster_url ?? undefined} crossOrigin={media.captions_url ? 'anonymous' : undefined} aria-label={t('shr.video', { n })}>{media.captions_url && <track kind="captions" src={media.captions_url} srcLang={answer.language ?? 'en'} label={t('iv.captions')} default />}</video></div>
          : <div className="video-box"><p>{t('iv.noVideo')}</p></div>}
        <h3>{t('iv.transcript')}</h3>
        {answer.transcript ? <p className="shr-transcript">{answer.transcript}</p> : <p className="muted">{t('iv.noTranscript')}</p>}
        {crit.length > 0 && <div><h3>{t('iv.scores')}</h3>
          {crit.map((c) => (
            <div className="crit" key={c.name}>
              <div className="row"><strong>{label(t, c.name)}</strong><span className="spacer" /><strong>{c.score ?? '—'}</strong><span className="muted small">/100</span></div>
              <div className="bar" aria-hidden="true"><span style={{ width: `${Math.max(0, Math.min(100, c.score ?? 0))}%` }} /></div>
              {c.reason && <p className="small">{c.reason}</p>}
            </div>
          ))}</div>}
      </>}
    </section>
  );
}
