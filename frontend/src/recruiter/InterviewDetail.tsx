import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, type Answer, type Comment, type InterviewDetail, type Member, type Outcome, type Question, type WithDecisions } from '../api';
import { activeSegment, averageCriteria, criteriaOf, isCriterion, overallOf, parseVtt, recommendationOf, segmentsOf, summaryIn, type Segment } from '../analysis';
import { useI18n, formatDuration, type T } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Spinner, StatusBadge, useToast } from '../ui';
import { useAsync, usePoll } from './hooks';
import { ActionsCard, DecisionHistory, LinkRequestBanner } from './InterviewActions';
import { Radar } from './Radar';
import { DownloadButton } from './Charts';
import { safeFileName, saveStoredFile } from './files';
import { Threads } from './Comments';
import { ReviewersCard } from './Reviewers';
import { ScorecardForm, ScorecardSummaryCard } from './Scorecards';
import { useSession } from './RecruiterApp';
import { CandidateDataActions } from './CandidateData';

const DONE_ANSWER = new Set(['scored', 'failed']);
// A human-only review: answers are transcribed, never scored.
const HUMAN_DONE_ANSWER = new Set(['transcribed', 'scored', 'failed']);

/** A criterion's name in the reviewer's language (the UI's dictionary); an unknown one as sent. */
const criterionLabel = (t: T, name: string) => (isCriterion(name) ? t(`crit.${name}`) : name);

/** The answer shown for a question: the latest attempt that did not fail, else the latest. */
function shownAnswer(answers: Answer[], qid: string, index: number): Answer | undefined {
  const own = answers.filter((a) => a.question_id === qid || (a.question_id === undefined && a.question_index === index)).sort((a, b) => b.attempt - a.attempt);
  return own.find((a) => a.status !== 'failed') ?? own[0];
}

/** The question shown first: the one of the answer a link names (a notification's `?answer=`). */
function linkedQuestion(d: InterviewDetail, answerId: string | null): number {
  const a = answerId ? d.answers.find((x) => x.id === answerId) : undefined;
  const i = a ? d.questions.findIndex((qq, n) => qq.id === a.question_id || n === a.question_index) : -1;
  return Math.max(0, i);
}

export function InterviewPage({ id }: { id: string }) {
  const { t, fmtDate, lang } = useI18n();
  const { me } = useSession();
  // Interviewers review: no resend, cancel, decision or reviewer changes.
  const manager = me.role !== 'interviewer';
  const iv = useAsync(() => api.getInterview(id), [id]);
  const comments = useAsync(() => api.listComments(id, { limit: 200 }), [id]);
  const members = useAsync(() => api.listMentionableMembers(id), [id]);
  const cards = useAsync(() => api.listScorecards(id), [id]);
  usePoll(() => void comments.reload(true), 15000, true);
  const linked = useRef(new URLSearchParams(location.search));
  const landed = useRef(false);
  const [q, setQ] = useState(0);
  const d = iv.data;

  useEffect(() => {
    // Once: open the linked answer's question, then bring the linked comment into view.
    if (landed.current || !d || !comments.data) return;
    landed.current = true;
    setQ(linkedQuestion(d, linked.current.get('answer')));
    const cid = linked.current.get('comment');
    if (cid) setTimeout(() => { const el = document.getElementById(`comment-${cid}`); el?.scrollIntoView({ block: 'center' }); el?.focus({ preventScroll: true }); }, 50);
  }, [d, comments.data]);

  const humanOnly = !!d?.human_review_only;
  const done = humanOnly ? HUMAN_DONE_ANSWER : DONE_ANSWER;
  // A human-only review is never analyzed: completed is where it stays.
  const waiting = humanOnly ? ['in_progress'] : ['in_progress', 'completed'];
  const processing = !!d && (waiting.includes(d.status) || d.answers.some((a) => !done.has(a.status)) && d.status !== 'cancelled');
  usePoll(() => void iv.reload(true), 5000, processing);

  const perAnswer = useMemo(() => (d?.answers ?? []).map((a) => criteriaOf(a.analysis)), [d]);
  const radar = useMemo(() => {
    const fromInterview = criteriaOf(d?.analysis).filter((c) => c.score !== null).map((c) => ({ name: c.name, score: c.score as number }));
    return (fromInterview.length >= 3 ? fromInterview : averageCriteria(perAnswer)).map((c) => ({ ...c, name: criterionLabel(t, c.name) }));
  }, [d, perAnswer, t]);

  if (iv.loading && !d) return <div className="page"><Spinner /></div>;
  if (!d) return <div className="page"><ErrorAlert error={iv.error} /></div>;

  const overall = overallOf(d.analysis);
  const rec = recommendationOf(d.analysis);
  const questions: Question[] = d.questions ?? [];
  const current = questions[q];
  const answer = current ? shownAnswer(d.answers ?? [], current.id, q) : undefined;
  const { summary, strengths, concerns } = summaryIn(d.analysis, lang);
  const allComments: Comment[] = comments.data?.items ?? [];
  const mentionable: Member[] = members.data?.items ?? [];
  const reloadComments = () => void comments.reload(true);


  return (
    <div className="page">
      <div className="crumbs"><Link to="/app/interviews">{t('nav.interviews')}</Link> / {d.candidate?.name}</div>
      <div className="page-head">
        <div>
          <div className="row wrap"><h1>{d.candidate?.name}</h1><StatusBadge status={d.status} />{d.decision && <StatusBadge kind="outcome" status={d.decision.outcome} />}{humanOnly && <span className="badge human-only" data-testid="human-only">{t('iv.humanOnly')}</span>}</div>
          <p className="sub">{d.candidate?.email} · {d.template_name} v{d.template_version}</p>
        </div>
        <span className="spacer" />
        {['completed', 'analyzed'].includes(d.status) && <DownloadButton label={t('cmp.downloadPdf')} make={async () => { const file = await api.exportInterviewReport(d.id); await saveStoredFile(file, safeFileName(`${d.candidate?.name ?? ''} ${d.template_name}`, 'pdf')); }} />}
      </div>
      {/* Interview actions (issue 12): a candidate's link request first, then the actions. */}
      <LinkRequestBanner d={d} manager={manager} />
      {manager && <ActionsCard d={d} onChanged={() => void iv.reload(true)} />}
      <p className="sr-only" aria-live="polite">{processing ? t('iv.processingLive') : ''}</p>

      <div className="review">
        <div className="stack-lg" style={{ minWidth: 0 }}>
          {questions.length > 0 && (
            <div className="q-tabs" role="tablist" aria-label={t('iv.questions')}>
              {questions.map((qq, i) => {
                const a = shownAnswer(d.answers ?? [], qq.id, i);
                return <button key={qq.id} type="button" role="tab" id={`qtab-${i}`} aria-controls="qpanel" aria-selected={q === i} tabIndex={q === i ? 0 : -1} className="q-tab"
                  onClick={() => setQ(i)}
                  onKeyDown={(e) => { if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') { const n = (i + (e.key === 'ArrowRight' ? 1 : questions.length - 1)) % questions.length; setQ(n); document.getElementById(`qtab-${n}`)?.focus(); } }}>
                  {t('iv.qShort', { n: i + 1 })}{a ? (a.status === 'failed' ? ' ⚠' : ' ✓') : ''}</button>;
              })}
            </div>
          )}
          {current && (
            <section id="qpanel" role="tabpanel" aria-labelledby={`qtab-${q}`} className="card">
              <div className="card-body stack">
                <h2 style={{ fontSize: 16 }}>{current.text}</h2>
                {current.competencies && current.competencies.length > 0 && <div className="chips">{current.competencies.map((c) => <span key={c} className="chip" style={{ paddingRight: 10 }}>{c}</span>)}</div>}
                {answer
                  ? <AnswerView key={answer.id} answer={answer} humanOnly={humanOnly} interviewId={d.id} comments={allComments.filter((c) => c.answer_id === answer.id)} members={mentionable} onComments={reloadComments} />
                  : <div className="video-box"><p>{t('iv.noAnswer')}</p></div>}
              </div>
            </section>
          )}
          {cards.data && <ScorecardForm key={`${cards.data.scorecard_template?.id}:${cards.data.scorecard_template?.version}`} d={d} list={cards.data} onSaved={() => { void cards.reload(true); void iv.reload(true); }} />}
          <div className="card card-pad">
            <Threads interviewId={d.id} answerId={null} comments={allComments.filter((c) => !c.answer_id)} members={mentionable} title={t('cm.onInterview')} level={2} onChanged={reloadComments} />
          </div>
        </div>

        <aside className="stack-lg" aria-label={t('iv.assessment')}>
          {humanOnly ? (
            <section className="card card-pad stack" aria-labelledby="overall-h">
              <h2 id="overall-h">{t('iv.humanOnly')}</h2>
              <p className="muted">{t('iv.humanOnlyHint')}</p>
            </section>
          ) : <section className="card card-pad stack" aria-labelledby="overall-h">
            <h2 id="overall-h">{t('iv.overall')}</h2>
            {overall !== null ? (
              <div className="row wrap overall-row"><span className="score-big">{Math.round(overall)}</span><span className="muted">/ 100</span><span className="spacer" />{rec && <StatusBadge kind="rec" status={rec} />}</div>
            ) : <p className="muted">{processing ? t('iv.analysisPending') : t('iv.noAnalysis')}</p>}
            {summary && <p>{summary}</p>}
            {strengths.length > 0 && <div><h3>{t('iv.strengths')}</h3><ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>{strengths.map((s) => <li key={s}>{s}</li>)}</ul></div>}
            {concerns.length > 0 && <div><h3>{t('iv.concerns')}</h3><ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>{concerns.map((s) => <li key={s}>{s}</li>)}</ul></div>}
            {radar.length >= 3 && <Radar data={radar} label={t('iv.radar')} />}
            {overall !== null && <p className="small muted">{t('iv.advisory')}</p>}
          </section>}
          {cards.data?.scorecard_template && <ScorecardSummaryCard list={cards.data} />}
          {manager && <DecisionCard d={d} onDone={() => void iv.reload(true)} />}
          <DecisionHistory decisions={(d as InterviewDetail & WithDecisions).decisions ?? []} />
          <ReviewersCard d={d} manager={manager} members={mentionable} onChanged={() => { void iv.reload(true); void members.reload(true); }} />
          {me.role === 'admin' && (
            <section className="card card-pad stack" aria-labelledby="data-h">
              <h2 id="data-h">{t('privacy.candidateData')}</h2>
              <p className="small muted" style={{ margin: 0 }}>{t('privacy.candidateDataHelp')}</p>
              <CandidateDataActions email={d.candidate.email} name={d.candidate.name} />
            </section>
          )}
          <section className="card card-pad" aria-labelledby="details-h">
            <h2 id="details-h" style={{ marginBottom: 10 }}>{t('iv.details')}</h2>
            <dl className="kv">
              <dt>{t('iv.invited')}</dt><dd>{fmtDate(d.invited_at, true)}</dd>
              <dt>{t('iv.deadline')}</dt><dd>{fmtDate(d.deadline, true)}</dd>
              {d.started_at && <><dt>{t('iv.started')}</dt><dd>{fmtDate(d.started_at, true)}</dd></>}
              {d.completed_at && <><dt>{t('iv.completed')}</dt><dd>{fmtDate(d.completed_at, true)}</dd></>}
              <dt>{t('iv.progress')}</dt><dd>{d.progress ? `${d.progress.answered} / ${d.progress.total}` : '—'}</dd>
              <dt>{t('iv.language')}</dt><dd>{(d.candidate?.language ?? 'en').toUpperCase()}</dd>
              <dt>{t('iv.sentTimes')}</dt><dd>{d.invitations_sent}</dd>
              {d.link_requested_at && <><dt>{t('ivx.linkRequestedAt')}</dt><dd>{fmtDate(d.link_requested_at, true)}</dd></>}
              <dt>{t('iv.consent')}</dt><dd data-testid="consent">{d.consent ? t('iv.consentGiven', { date: fmtDate(d.consent.consented_at, true), version: d.consent.text_version, language: d.consent.language.toUpperCase() }) : t('iv.consentNone')}</dd>
            </dl>
          </section>
        </aside>
      </div>
    </div>
  );
}

function AnswerView({ answer, humanOnly, interviewId, comments, members, onComments }: { answer: Answer; humanOnly: boolean; interviewId: string; comments: Comment[]; members: Member[]; onComments: () => void }) {
  const { t, lang } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const [vttSegs, setVttSegs] = useState<Segment[]>([]);
  const media = answer.media ?? {};
  const src = media.video_url || media.original_url || null;
  const captions = media.captions_url || null;
  const segs = useMemo(() => { const s = segmentsOf(answer as unknown as Record<string, unknown>); return s.length ? s : vttSegs; }, [answer, vttSegs]);
  const crit = humanOnly ? [] : criteriaOf(answer.analysis);
  const active = activeSegment(segs, time);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!captions) return;
    let gone = false;
    fetch(captions).then((r) => (r.ok ? r.text() : '')).then((txt) => { if (!gone) setVttSegs(parseVtt(txt)); }).catch(() => undefined);
    return () => { gone = true; };
  }, [captions]);
  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="true"]');
    if (el && listRef.current) {
      const box = listRef.current;
      if (el.offsetTop < box.scrollTop || el.offsetTop > box.scrollTop + box.clientHeight - 40) box.scrollTop = el.offsetTop - 40;
    }
  }, [active]);

  const seek = (s: number) => { const v = video.current; if (!v) return; v.currentTime = s; void v.play().catch(() => undefined); };

  return (
    <div className="stack">
      <div className="row wrap small muted"><StatusBadge kind="answer" status={answer.status} /><span>{t('iv.attempt', { n: answer.attempt })}</span>{answer.size_bytes ? <span>· {(answer.size_bytes / 1048576).toFixed(1)} MB</span> : null}{answer.language && answer.language !== lang && <span>· {answer.language.toUpperCase()}</span>}</div>
      {answer.status === 'failed' && answer.failure_reason && <div className="alert bad" role="alert">{answer.failure_reason}</div>}
      {src ? (
        <div className="player">
          <video ref={video} controls playsInline preload="metadata" src={src} poster={media.poster_url ?? undefined} crossOrigin={captions ? 'anonymous' : undefined} onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)} aria-label={t('iv.videoLabel')}>
            {captions && <track kind="captions" src={captions} srcLang={answer.language ?? 'en'} label={t('iv.captions')} default />}
          </video>
        </div>
      ) : <div className="video-box"><p>{answer.status === 'uploading' ? t('iv.uploading') : t('iv.noVideo')}</p></div>}
      <section aria-labelledby={`tr-${answer.id}`} className="stack">
        <h3 id={`tr-${answer.id}`}>{t('iv.transcript')}</h3>
        {segs.length > 0 ? (
          <div className="transcript card" ref={listRef} style={{ position: 'relative' }}>
            {segs.map((s, i) => <button key={i} type="button" className="seg" aria-current={i === active ? 'true' : undefined} onClick={() => seek(s.start)}><span className="ts">{formatDuration(s.start)}</span><span>{s.text}</span></button>)}
          </div>
        ) : answer.transcript ? <p className="card card-pad" style={{ whiteSpace: 'pre-wrap' }}>{answer.transcript}</p> : <p className="muted">{['scored', 'failed', 'transcribed'].includes(answer.status) ? t('iv.noTranscript') : t('iv.transcriptPending')}</p>}
      </section>
      {crit.length > 0 && (
        <section aria-labelledby={`sc-${answer.id}`}>
          <h3 id={`sc-${answer.id}`}>{t('iv.scores')}</h3>
          {crit.map((c) => (
            <div className="crit" key={c.name}>
              <div className="row"><strong>{criterionLabel(t, c.name)}</strong><span className="spacer" /><strong>{c.score ?? '—'}</strong><span className="muted small">/100</span></div>
              <div className="bar" aria-hidden="true"><span style={{ width: `${Math.max(0, Math.min(100, c.score ?? 0))}%` }} /></div>
              {c.reason && <p className="small">{c.reason}</p>}
              {c.evidence.map((e, i) => <p key={i} className="quote small">“{e}”</p>)}
            </div>
          ))}
        </section>
      )}
      <Threads interviewId={interviewId} answerId={answer.id} comments={comments} members={members} title={t('cm.onAnswer')} level={3} onChanged={onComments}
        seek={src ? seek : undefined} currentTime={src ? () => video.current?.currentTime ?? time : undefined} />
    </div>
  );
}

function DecisionCard({ d, onDone }: { d: InterviewDetail; onDone: () => void }) {
  const { t, fmtDate } = useI18n();
  const toast = useToast();
  const [outcome, setOutcome] = useState<Outcome | ''>(d.decision?.outcome ?? '');
  const [note, setNote] = useState(d.decision?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const can = ['completed', 'analyzed'].includes(d.status);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return;
    setBusy(true); setError(null);
    try { await api.decideInterview(d.id, outcome, note); toast(t('iv.decided')); onDone(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <section className="card card-pad" aria-labelledby="decision-h">
      <form className="stack" onSubmit={submit}>
        <h2 id="decision-h">{t('iv.decision')}</h2>
        {d.decision && <p className="small muted">{t('iv.decidedOn', { date: fmtDate(d.decision.decided_at, true) })}</p>}
        {!can && !d.decision && <p className="small muted">{t('iv.decisionLater')}</p>}
        {d.recordings_deleted_at
          ? <p className="small muted">{t('iv.recordingsDeleted', { date: fmtDate(d.recordings_deleted_at) })}</p>
          : d.recordings_delete_on && <p className="small muted">{t('iv.recordingsDeleteOn', { date: fmtDate(d.recordings_delete_on) })}</p>}
        <ErrorAlert error={error} />
        <fieldset style={{ border: 0, padding: 0, margin: 0 }} disabled={!can}>
          <legend className="sr-only">{t('iv.decision')}</legend>
          <div className="seg-choice">
            {(['advance', 'hire', 'reject'] as Outcome[]).map((o) => <label key={o}><input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /><span>{t(`outcome.${o}`)}</span></label>)}
          </div>
          <div className="field" style={{ marginTop: 12 }}><label htmlFor="note">{t('iv.note')}</label><textarea id="note" className="textarea" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} /></div>
        </fieldset>
        <button type="submit" className="btn primary" disabled={!can || !outcome || busy}>{busy ? t('common.wait') : d.decision ? t('iv.updateDecision') : t('iv.saveDecision')}</button>
      </form>
    </section>
  );
}
