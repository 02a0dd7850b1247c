import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { api, ApiError, type CandidateContact, type CandidateIntro, type CandidateSession, type Lang } from '../api';
import { I18nProvider, isLang, useI18n } from '../i18n';
import { brandVars } from '../prefs';
import { Icon, Spinner } from '../ui';
import { requestDurableStorage } from '../upload/idb';
import { resumeUploads } from '../upload/resume';
import { cameraProblem, choiceOf, listDevices, meterLevel, measureUploadMbps, notifyParent, openCamera, pickFormat, saveDevices, type CameraProblem, type DeviceChoice, type DeviceLists } from './media';
import { deadlineText } from './deadline';
import { QuestionRun } from './QuestionRun';
import { canStart, consentToSend, type ConsentChoice } from './consent';
import { ConsentForm } from './ConsentForm';
import { closedKind, finishInterview, type Closed, type FinishOutcome } from './session';

export { closedKind };

type Step = 'welcome' | 'devices' | 'tips' | 'practice' | 'interview' | 'finishing' | 'done';

function guessLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (isLang(q)) return q;
  const n = (navigator.language || 'en').slice(0, 2);
  return isLang(n) ? n : 'en';
}

export default function CandidateApp({ token }: { token: string }) {
  const [session, setSession] = useState<CandidateSession | null>(null);
  const [closed, setClosed] = useState<Closed | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [lang, setLang] = useState<Lang>(guessLang);
  // A closed link's answer carries the company's name and branding: its page stays branded.
  const [closedCompany, setClosedCompany] = useState<CandidateSession['company'] | null>(null);
  // Whom to ask for help, from the session or from a closed link's answer.
  const [closedContact, setClosedContact] = useState<CandidateContact | null>(null);

  const refresh = useCallback(async () => {
    try {
      const s = await api.getCandidateSession(token);
      setSession(s);
      if (isLang(s.language)) setLang(s.language);
      setError(null);
      return s;
    } catch (e) {
      const k = closedKind(e);
      // A closed link still speaks the invitation's language.
      if (e instanceof ApiError && isLang(e.extensions.language)) setLang(e.extensions.language);
      if (e instanceof ApiError) { const c = companyOf(e.extensions.company); if (c) setClosedCompany(c); setClosedContact(contactOf(e.extensions.contact)); }
      if (k) { setClosed(k); notifyParent('error', { reason: k }); } else setError(e);
      return null;
    }
  }, [token]);

  useEffect(() => { void refresh(); }, [refresh]);
  // A link closed while the page is open (cancelled, expired) shows its page without a reload:
  // the session is read again now and then and when the tab comes back; only a closed answer
  // acts (the flow keeps its own session, so a question in progress is never swapped).
  useEffect(() => {
    if (closed) return;
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      api.getCandidateSession(token).catch((e: unknown) => {
        const k = closedKind(e);
        if (!k || k === 'completed') return; // finishing is the flow's own business
        if (e instanceof ApiError) { const c = companyOf(e.extensions.company); if (c) setClosedCompany(c); setClosedContact(contactOf(e.extensions.contact)); }
        setClosed(k); notifyParent('error', { reason: k });
      });
    };
    const id = setInterval(check, CLOSED_CHECK_MS);
    document.addEventListener('visibilitychange', check);
    return () => { clearInterval(id); document.removeEventListener('visibilitychange', check); };
  }, [token, closed]);
  useEffect(() => { document.documentElement.lang = lang; }, [lang]);
  useEffect(() => { if (session) document.title = `${session.company?.name ?? ''} · ${session.candidate_name}`; }, [session]);

  const company = session?.company ?? closedCompany;
  const contact = closed ? closedContact : session?.contact ?? null;
  const brand = brandVars(company?.branding?.primary_color ?? '#3b5bdb') as CSSProperties;
  return (
    <I18nProvider lang={lang}>
      <div className="cand" style={brand}>
        <Header company={company} />
        <main id="main" className="cand-main">
          {closed ? <ClosedPage kind={closed} token={token} contact={contact} /> : session ? <Flow session={session} token={token} refresh={refresh} /> : error ? <Retry error={error} onRetry={refresh} /> : <Spinner />}
          {contact && <HelpLink contact={contact} />}
        </main>
      </div>
    </I18nProvider>
  );
}

const CLOSED_CHECK_MS = 15_000;

function companyOf(x: unknown): CandidateSession['company'] | null {
  if (!x || typeof x !== 'object' || typeof (x as { name?: unknown }).name !== 'string') return null;
  const c = x as { name: string; branding?: unknown };
  return { name: c.name, branding: c.branding && typeof c.branding === 'object' ? (c.branding as CandidateSession['company']['branding']) : {} };
}

function contactOf(x: unknown): CandidateContact | null {
  if (!x || typeof x !== 'object') return null;
  const c = x as { name?: unknown; email?: unknown };
  return typeof c.name === 'string' && typeof c.email === 'string' ? { name: c.name, email: c.email } : null;
}

/** Whom the candidate writes to with a question or a problem (the recruiter or the company). */
function HelpLink({ contact }: { contact: CandidateContact }) {
  const { t } = useI18n();
  return <p className="small muted cand-help"><a href={`mailto:${contact.email}`}>{t('cand.help', { name: contact.name })}</a></p>;
}

function Header({ company }: { company: CandidateSession['company'] | null }) {
  const c = company;
  const embedded = typeof window !== 'undefined' && (window.parent !== window || new URLSearchParams(location.search).has('embed'));
  if (embedded && !c) return null;
  return (
    <header className="cand-head">
      {c?.branding?.logo_url ? <img src={c.branding.logo_url} alt={c.name} /> : <span className="brand-mark" aria-hidden="true">{(c?.name ?? '·').slice(0, 1).toUpperCase()}</span>}
      {!c?.branding?.logo_url && <strong>{c?.name ?? ''}</strong>}
    </header>
  );
}

function Retry({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <section className="cand-card" aria-labelledby="retry-h">
      <div className="big-icon bad" aria-hidden="true"><Icon name="wifi" size={26} /></div>
      <h1 id="retry-h">{t('cand.offlineTitle')}</h1>
      <p className="lead">{t('cand.offlineBody')}</p>
      <p className="small muted">{error instanceof Error && error.message !== 'network' ? error.message : ''}</p>
      <div><button type="button" className="btn primary" onClick={onRetry}>{t('common.retry')}</button></div>
    </section>
  );
}

function ClosedPage({ kind, token, contact }: { kind: Closed; token: string; contact: CandidateContact | null }) {
  const { t } = useI18n();
  const ok = kind === 'completed';
  useEffect(() => { document.title = t(`cand.closed.${kind}.title`); }, [kind, t]);
  return (
    <section className="cand-card" aria-labelledby="closed-h">
      <div className={`big-icon ${ok ? 'ok' : 'bad'}`} aria-hidden="true"><Icon name={ok ? 'check' : kind === 'expired' ? 'clock' : 'x'} size={26} /></div>
      <h1 id="closed-h">{t(`cand.closed.${kind}.title`)}</h1>
      <p className="lead">{t(`cand.closed.${kind}.body`)}</p>
      {kind === 'expired' && <NewLinkRequest token={token} contact={contact} />}
    </section>
  );
}

/** On an expired link: ask the recruiter for a new one (they are emailed at most once a day). */
function NewLinkRequest({ token, contact }: { token: string; contact: CandidateContact | null }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'earlier' | 'failed'>('idle');
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => { if (state === 'sent' || state === 'earlier' || state === 'failed') statusRef.current?.focus(); }, [state]);
  const ask = async () => {
    setState('sending');
    try {
      const r = await api.requestNewLink(token);
      setState(r.recruiter_notified ? 'sent' : 'earlier');
    } catch {
      setState('failed');
    }
  };
  const name = contact?.name ?? t('cand.theRecruiter');
  if (state === 'sent' || state === 'earlier') {
    return <div ref={statusRef} tabIndex={-1} className="alert ok" role="status">{t(state === 'sent' ? 'cand.linkRequested' : 'cand.linkRequestedEarlier', { name })}</div>;
  }
  return <>
    {state === 'failed' && <div ref={statusRef} tabIndex={-1} className="alert bad" role="alert">{t('cand.linkRequestFailed')}</div>}
    <div><button type="button" className="btn primary lg" onClick={ask} disabled={state === 'sending'}>{state === 'sending' ? t('cand.saving') : t('cand.requestLink')}</button></div>
  </>;
}

function Flow({ session, token, refresh }: { session: CandidateSession; token: string; refresh: () => Promise<CandidateSession | null> }) {
  const { t, lang } = useI18n();
  const started = session.progress.answered > 0 || session.status === 'in_progress';
  const [step, setStep] = useState<Step>('welcome');
  // AI tips for this interview; the built-in general tips stand in until (or unless) they come.
  const [tips, setTips] = useState<string[] | null>(null);
  useEffect(() => { api.getPreparationTips(token).then((r) => setTips(r.tips.length ? r.tips : null), () => undefined); }, [token]);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [resuming, setResuming] = useState<{ n: number; done: number } | null>(null);
  const [resumeNote, setResumeNote] = useState<string | null>(null);
  const [finishError, setFinishError] = useState<Exclude<FinishOutcome, 'done'> | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);
  // The consent to recording and AI analysis: Start waits for it (the API refuses a recording
  // without it); it is sent once, in the language the page is shown in.
  const [choice, setChoice] = useState<ConsentChoice>({ agreed: false, humanOnly: false });
  const [consenting, setConsenting] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const startAllowed = canStart(choice, session.consent);
  const begin = async () => {
    if (!startAllowed || consenting) return;
    const body = consentToSend(choice, session.consent, lang);
    if (body) {
      setConsenting(true); setConsentError(false);
      try { await api.giveConsent(token, body); await refresh(); } catch { setConsentError(true); return; } finally { setConsenting(false); }
    }
    setStep('devices');
  };
  const format = typeof MediaRecorder !== 'undefined' ? pickFormat((m) => MediaRecorder.isTypeSupported(m)) : null;

  useEffect(() => { notifyParent('ready', { answered: session.progress.answered, total: session.progress.total }); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { notifyParent('step', { step }); headingRef.current?.querySelector<HTMLElement>('h1')?.focus(); }, [step]);
  useEffect(() => () => stream?.getTracks().forEach((tr) => tr.stop()), [stream]);

  // Uploads left unfinished by a reload or a crash: finish them first. One that cannot be sent
  // now stays in this browser (`kept`) and is tried again on demand or when the network is back.
  const [kept, setKept] = useState<{ answerIds: string[]; questions: number[] } | null>(null);
  const [retryingKept, setRetryingKept] = useState(false);
  const resumeStored = useCallback(async (alive: () => boolean, answerIds?: string[]) => {
    const results = await resumeUploads(token, { answerIds, onProgress: (done, n) => { if (alive() && !answerIds) setResuming(done < n ? { n, done } : null); } }).catch(() => []);
    if (!alive()) return;
    setResuming(null);
    const saved = results.filter((r) => r.outcome === 'confirmed' && !r.state.completed);
    if (saved.length) setResumeNote(t('cand.resumed', { n: saved[saved.length - 1].state.questionIndex + 1 }));
    const still = results.filter((r) => r.outcome === 'kept');
    setKept(still.length ? { answerIds: still.map((r) => r.state.answerId), questions: still.map((r) => r.state.questionIndex + 1) } : null);
    if (results.length) await refresh();
  }, [token]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let gone = false;
    void resumeStored(() => !gone);
    return () => { gone = true; };
  }, [resumeStored]);

  const retryKept = useCallback(async () => {
    if (!kept || retryingKept) return;
    setRetryingKept(true);
    try { await resumeStored(() => true, kept.answerIds); } finally { setRetryingKept(false); }
  }, [kept, retryingKept, resumeStored]);
  useEffect(() => {
    if (!kept) return;
    const online = () => { void retryKept(); };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [kept, retryKept]);

  // One finish at a time; a repeat, or a race the server answers with 409, ends on the done page
  // when the interview is in fact completed (finishInterview reads the session again).
  const finishing = useRef(false);
  const finish = async () => {
    if (finishing.current) return;
    finishing.current = true;
    setStep('finishing'); setFinishError(null);
    try {
      const outcome = await finishInterview(token);
      if (outcome === 'done') { setStep('done'); notifyParent('finished', { total: session.progress.total }); stream?.getTracks().forEach((tr) => tr.stop()); }
      else setFinishError(outcome);
    } finally { finishing.current = false; }
  };

  if (resuming) {
    return <section className="cand-card" aria-labelledby="res-h"><h1 id="res-h">{t('cand.resumingTitle')}</h1><p className="lead" role="status">{t('cand.resumingBody', { done: resuming.done, n: resuming.n })}</p><div className="spinner" aria-hidden="true" /></section>;
  }

  const all = session.progress.total;
  const remainingMin = Math.max(1, Math.round(session.progress.remaining_seconds_estimate / 60));
  let body: ReactNode;
  if (!format) {
    body = <section className="cand-card"><div className="big-icon bad" aria-hidden="true"><Icon name="alert" size={26} /></div><h1 tabIndex={-1}>{t('cand.unsupportedTitle')}</h1><p className="lead">{t('cand.unsupportedBody')}</p></section>;
  } else if (step === 'welcome') {
    body = (
      <section className="cand-card" aria-labelledby="w-h">
        <h1 id="w-h" tabIndex={-1}>{started ? t('cand.welcomeBack', { name: session.candidate_name }) : t('cand.welcome', { name: session.candidate_name })}</h1>
        <p className="lead">{t('cand.intro', { company: session.company?.name ?? '', n: all, min: remainingMin })}</p>
        <DeadlineNote deadline={session.deadline} />
        {session.intro && <TemplateIntro intro={session.intro} company={session.company?.name ?? ''} />}
        <h2>{t('cand.expect')}</h2>
        <ol className="steps-list">
          <li><span className="n" aria-hidden="true">1</span><div><strong>{t('cand.expect1')}</strong><p className="muted">{t('cand.expect1b')}</p></div></li>
          <li><span className="n" aria-hidden="true">2</span><div><strong>{t('cand.expect2')}</strong><p className="muted">{t('cand.expect2b')}</p></div></li>
          <li><span className="n" aria-hidden="true">3</span><div><strong>{t('cand.expect3', { n: all })}</strong><p className="muted">{t('cand.expect3b')}</p></div></li>
        </ol>
        {session.progress.answered > 0 && <div className="alert info">{t('cand.progressSoFar', { done: session.progress.answered, total: all })}</div>}
        <p className="small muted">{t('cand.privacy')}</p>
        <ConsentForm session={session} choice={choice} onChange={(c) => { setChoice(c); setConsentError(false); }} />
        {consentError && <div className="alert bad" role="alert">{t('cand.consent.failed')}</div>}
        {!startAllowed && <p id="start-hint" className="small muted">{t('cand.consent.required')}</p>}
        <div className="cand-foot"><button type="button" className="btn primary lg" onClick={() => void begin()} disabled={!startAllowed || consenting} aria-describedby={startAllowed ? undefined : 'start-hint'}>{consenting ? t('cand.saving') : t('cand.start')}</button></div>
      </section>
    );
  } else if (step === 'devices') {
    body = <DeviceCheck token={token} stream={stream} setStream={setStream} onNext={() => setStep(started ? 'interview' : 'tips')} onBack={() => setStep('welcome')} />;
  } else if (step === 'tips') {
    body = (
      <section className="cand-card" aria-labelledby="tips-h">
        <h1 id="tips-h" tabIndex={-1}>{t('cand.tipsTitle')}</h1>
        <ul className="steps-list">
          {(tips ?? (['tip1', 'tip2', 'tip3', 'tip4'] as const).map((k) => t(`cand.${k}`))).map((tip, i) => <li key={i}><span className="n" aria-hidden="true">{i + 1}</span><p>{tip}</p></li>)}
        </ul>
        <div className="alert info">{t('cand.practiceNote')}</div>
        <div className="cand-foot">
          <button type="button" className="btn lg" onClick={() => setStep('practice')}>{t('cand.practice')}</button>
          <button type="button" className="btn primary lg" onClick={() => setStep('interview')}>{t('cand.beginReal')}</button>
        </div>
      </section>
    );
  } else if (step === 'practice' && stream) {
    body = <QuestionRun key="practice" practice token={token} stream={stream} format={format} total={all}
      question={{ index: -1, id: 'practice', text: t('cand.practiceQ'), time_limit_seconds: 30, think_time_seconds: 5, attempts_left: 99, label: '' }}
      remainingSeconds={0} onDone={() => setStep('interview')} />;
  } else if ((step === 'interview') && stream) {
    const q = session.current_question;
    if (!q) {
      body = (
        <section className="cand-card" aria-labelledby="fin-h">
          <div className="big-icon ok" aria-hidden="true"><Icon name="check" size={26} /></div>
          <h1 id="fin-h" tabIndex={-1}>{t('cand.allAnswered')}</h1>
          <p className="lead">{t('cand.allAnsweredBody')}</p>
          {resumeNote && <div className="alert ok" role="status">{resumeNote}</div>}
          <div className="cand-foot"><button type="button" className="btn primary lg" onClick={finish}>{t('cand.submitAll')}</button></div>
        </section>
      );
    } else {
      body = <>
        {resumeNote && <div className="alert ok" role="status">{resumeNote}</div>}
        <QuestionRun key={q.id} token={token} stream={stream} format={format} question={q} total={all} remainingSeconds={session.progress.remaining_seconds_estimate}
          onDone={async () => { setResumeNote(null); const s = await refresh(); notifyParent('progress', { answered: s?.progress.answered, total: all }); }} />
      </>;
    }
  } else if (step === 'finishing') {
    body = <section className="cand-card" aria-labelledby="fz-h"><h1 id="fz-h" tabIndex={-1}>{t('cand.finishing')}</h1>{finishError ? <><div className="alert bad" role="alert">{finishError === 'network' ? t('error.network') : t('cand.finishFailed')}</div><div><button type="button" className="btn primary" onClick={finish}>{t('common.retry')}</button></div></> : <div className="spinner" role="status" aria-label={t('common.wait')} />}</section>;
  } else if (step === 'done') {
    body = (
      <section className="cand-card" aria-labelledby="done-h">
        <div className="big-icon ok" aria-hidden="true"><Icon name="check" size={26} /></div>
        <h1 id="done-h" tabIndex={-1}>{t('cand.doneTitle')}</h1>
        <p className="lead">{t('cand.doneBody', { company: session.company?.name ?? '' })}</p>
      </section>
    );
  } else {
    // The camera went away (e.g. a reload of an inner step): check devices again.
    body = <DeviceCheck token={token} stream={stream} setStream={setStream} onNext={() => setStep(step)} onBack={() => setStep('welcome')} />;
  }
  const keptNote = kept && (
    <div className="alert warn" role="status">
      <p>{t('cand.resumeKept', { n: kept.questions.join(', ') })}</p>
      <div><button type="button" className="btn" onClick={() => void retryKept()} disabled={retryingKept}>{retryingKept ? t('cand.saving') : t('common.retry')}</button></div>
    </div>
  );
  return <div ref={headingRef} className="stack">{keptNote}{body}</div>;
}

/** The deadline in the candidate's language and time zone, with the days (or hours) left. */
function DeadlineNote({ deadline }: { deadline: string }) {
  const { t, lang } = useI18n();
  const d = deadlineText(lang, deadline);
  if (!d) return null;
  const left = d.days !== null ? t('cand.daysLeft', { n: d.days }) : d.hours !== null ? t('cand.hoursLeft', { n: d.hours }) : null;
  return <p className="deadline-note"><Icon name="clock" /><span>{t('cand.deadline', { date: d.date })}{left && <> <span className="pill">{left}</span></>}</span></p>;
}

export function DeviceCheck({ token, stream, setStream, onNext, onBack }: { token: string; stream: MediaStream | null; setStream: (s: MediaStream | null) => void; onNext: () => void; onBack: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  const [speed, setSpeed] = useState<number | null | undefined>(undefined);
  const [asking, setAsking] = useState(false);
  // Camera and microphone pickers: the devices there are, and a switch in progress.
  const [devices, setDevices] = useState<DeviceLists | null>(null);
  const [switching, setSwitching] = useState(false);

  const ask = useCallback(async () => {
    setAsking(true); setProblem(null);
    try { setStream(await openCamera()); requestDurableStorage(); } catch (e) { setProblem(cameraProblem(e)); notifyParent('error', { reason: 'camera' }); } finally { setAsking(false); }
  }, [setStream]);

  useEffect(() => { if (!stream) void ask(); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!stream) return;
    if (video.current) video.current.srcObject = stream;
    return meterLevel(stream, (v) => { setLevel(v); if (v > 0.06) setHeard(true); });
  }, [stream]);
  useEffect(() => { void measureUploadMbps(token).then(setSpeed); }, [token]);
  // Names are known once the camera is allowed; a device plugged in or out updates the lists.
  useEffect(() => {
    if (!stream || !navigator.mediaDevices?.enumerateDevices) return;
    const load = () => { listDevices().then(setDevices, () => setDevices(null)); };
    load();
    navigator.mediaDevices.addEventListener?.('devicechange', load);
    return () => navigator.mediaDevices.removeEventListener?.('devicechange', load);
  }, [stream]);
  const current = stream ? choiceOf(stream) : {};
  /** Another camera or microphone: the preview restarts with it, and this browser remembers it. */
  const switchTo = async (choice: DeviceChoice) => {
    setSwitching(true);
    stream?.getTracks().forEach((tr) => tr.stop()); // phones cannot open a second camera beside the first
    try {
      const next = await openCamera(choice, true);
      saveDevices(choiceOf(next));
      setHeard(false);
      setStream(next);
    } catch (e) {
      setStream(null);
      setProblem(cameraProblem(e));
    } finally {
      setSwitching(false);
    }
  };

  if (problem) {
    return (
      <section className="cand-card" aria-labelledby="denied-h">
        <div className="big-icon bad" aria-hidden="true"><Icon name="camera" size={26} /></div>
        <h1 id="denied-h" tabIndex={-1}>{t(`cand.cam.${problem}.title`)}</h1>
        <p className="lead" role="alert">{t(`cand.cam.${problem}.body`)}</p>
        {problem === 'denied' && <ol className="muted" style={{ margin: 0, paddingLeft: 20 }}><li>{t('cand.cam.fix1')}</li><li>{t('cand.cam.fix2')}</li><li>{t('cand.cam.fix3')}</li></ol>}
        <div className="cand-foot"><button type="button" className="btn" onClick={onBack}>{t('common.back')}</button><button type="button" className="btn primary" onClick={ask} disabled={asking}>{t('common.retry')}</button></div>
      </section>
    );
  }
  const camOk = !!stream && stream.getVideoTracks().some((tr) => tr.readyState === 'live');
  const micOk = !!stream && stream.getAudioTracks().length > 0;
  const speedText = speed === undefined ? t('cand.speedTesting') : speed === null ? t('cand.speedUnknown') : speed >= 1.5 ? t('cand.speedGood', { n: speed.toFixed(1) }) : t('cand.speedSlow', { n: speed.toFixed(1) });
  return (
    <section className="cand-card" aria-labelledby="dev-h">
      <h1 id="dev-h" tabIndex={-1}>{t('cand.devicesTitle')}</h1>
      <p className="muted">{t('cand.devicesSub')}</p>
      <div className="stage compact"><video ref={video} className="mirror" autoPlay muted playsInline aria-label={t('cand.selfView')} />{!stream && <div className="center" style={{ position: 'absolute', inset: 0 }}><Spinner label={t('cand.askingCamera')} /></div>}</div>
      {devices && stream && (
        <div className="form-grid device-pickers">
          <div className="field"><label htmlFor="cam-pick">{t('cand.chooseCamera')}</label>
            <select id="cam-pick" className="select" value={current.camera ?? ''} disabled={switching} onChange={(e) => void switchTo({ ...current, camera: e.target.value })}>
              {devices.cameras.map((d, i) => <option key={d.id} value={d.id}>{d.label || t('cand.cameraN', { n: i + 1 })}</option>)}
            </select></div>
          <div className="field"><label htmlFor="mic-pick">{t('cand.chooseMic')}</label>
            <select id="mic-pick" className="select" value={current.mic ?? ''} disabled={switching} onChange={(e) => void switchTo({ ...current, mic: e.target.value })}>
              {devices.mics.map((d, i) => <option key={d.id} value={d.id}>{d.label || t('cand.micN', { n: i + 1 })}</option>)}
            </select></div>
        </div>
      )}
      {switching && <p className="small muted" role="status">{t('cand.switchingDevice')}</p>}
      <div>
        <div className="check-row"><span className="check-icon" data-state={camOk ? 'ok' : undefined} aria-hidden="true">{camOk ? '✓' : '…'}</span><div style={{ flex: 1 }}><strong>{t('cand.camera')}</strong><div className="small muted">{camOk ? stream!.getVideoTracks()[0].label || t('cand.cameraOk') : t('cand.askingCamera')}</div></div></div>
        <div className="check-row"><span className="check-icon" data-state={heard ? 'ok' : undefined} aria-hidden="true">{heard ? '✓' : '…'}</span>
          <div style={{ flex: 1 }}><strong id="mic-l">{t('cand.microphone')}</strong><div className="small muted" aria-live="polite">{heard ? t('cand.micOk') : t('cand.micSay')}</div>
            <div className="meter" role="meter" aria-labelledby="mic-l" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)} style={{ marginTop: 6 }}><span style={{ width: `${Math.round(level * 100)}%` }} /></div></div></div>
        <div className="check-row"><span className="check-icon" data-state={speed ? (speed >= 1.5 ? 'ok' : 'bad') : undefined} aria-hidden="true">{speed ? (speed >= 1.5 ? '✓' : '!') : '…'}</span><div style={{ flex: 1 }}><strong>{t('cand.speed')}</strong><div className="small muted" aria-live="polite">{speedText}</div></div></div>
      </div>
      <div className="cand-foot sticky"><button type="button" className="btn" onClick={onBack}>{t('common.back')}</button><button type="button" className="btn primary lg" onClick={onNext} disabled={!camOk || !micOk}>{t('cand.devicesOk')}</button></div>
    </section>
  );
}

/** The template's intro (issue 12): the recruiter's text and video, before the first question.
 * The video is a short-lived link from this session; native controls keep it keyboard operable. */
function TemplateIntro({ intro, company }: { intro: CandidateIntro; company: string }) {
  const { t } = useI18n();
  // Each session read signs a new link: keep the first, so a refresh never restarts playback.
  const [src] = useState(intro.video_url);
  return (
    <section className="cand-intro" aria-labelledby="cand-intro-h">
      <h2 id="cand-intro-h">{t('cand.introHeading', { company })}</h2>
      {src && <video className="intro-video" controls playsInline preload="metadata" src={src} aria-label={t('cand.introVideo', { company })} />}
      {intro.text && <p className="intro-text">{intro.text}</p>}
    </section>
  );
}
