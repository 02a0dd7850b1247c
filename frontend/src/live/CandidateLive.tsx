// The candidate's live interview (/i/live/:token, the link in the emails): consent, a device
// check, then the room: the interviewer's video, their own small preview, the current question
// (template or follow-up), captions, leave.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, type CandidateSession, type Lang } from '../api';
import { DeviceCheck } from '../candidate/CandidateApp';
import { ConsentForm } from '../candidate/ConsentForm';
import { canStart, consentToSend, type ConsentChoice } from '../candidate/consent';
import { I18nProvider, isLang, useI18n } from '../i18n';
import { ErrorAlert, Icon, Spinner } from '../ui';
import { candidateRecordings, liveApi, signallingUrl, type LiveCandidateSession } from './api';
import { resumeLiveRecordings, storeKey } from './recorder';
import { CaptionsPanel, ConnectionNote, Video } from './RoomParts';
import { useRoom, type RoomOptions } from './useRoom';

type Step = 'welcome' | 'devices' | 'room' | 'left';

export default function CandidateLive({ token }: { token: string }) {
  const [session, setSession] = useState<LiveCandidateSession | null>(null);
  const [error, setError] = useState<unknown>(null);
  const nav = (navigator.language || 'en').slice(0, 2);
  const [lang, setLang] = useState<Lang>(isLang(nav) ? nav : 'en');
  useEffect(() => {
    liveApi.candidateSession(token).then((s) => { setSession(s); if (isLang(s.language)) setLang(s.language); }, setError);
    void resumeLiveRecordings(storeKey(token.slice(0, 16), 'candidate'), candidateRecordings(token));
  }, [token]);
  useEffect(() => { document.documentElement.lang = lang; }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <main className="cand-shell live-cand" id="main">
        {error ? <Failed error={error} /> : !session ? <Spinner /> : <Flow token={token} session={session} setSession={setSession} />}
      </main>
    </I18nProvider>
  );
}

function Failed({ error }: { error: unknown }) {
  const { t } = useI18n();
  const closed = error instanceof ApiError && [401, 403, 404, 409, 410].includes(error.status);
  return <section className="cand-card"><h1>{closed ? t('live.linkClosed') : t('live.error')}</h1>{!closed && <ErrorAlert error={error} />}</section>;
}

function Flow({ token, session, setSession }: { token: string; session: LiveCandidateSession; setSession: (s: LiveCandidateSession) => void }) {
  const { t, lang, fmtDate } = useI18n();
  const [step, setStep] = useState<Step>('welcome');
  const [choice, setChoice] = useState<ConsentChoice>({ agreed: false, humanOnly: false });
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => () => stream?.getTracks().forEach((x) => x.stop()), [stream]);
  if (session.status === 'ended' || session.status === 'cancelled') return <section className="cand-card"><h1>{t(session.status === 'ended' ? 'live.endedTitle' : 'live.cancelledTitle')}</h1></section>;
  if (step === 'left') return <section className="cand-card" aria-labelledby="left-h"><h1 id="left-h">{t('live.thanks')}</h1><p>{t('live.thanksBody', { company: session.company.name })}</p></section>;
  if (step === 'welcome') {
    const start = async () => {
      setBusy(true); setError(null);
      try {
        const body = consentToSend(choice, session.consent, lang);
        if (body) setSession({ ...session, consent: await liveApi.giveConsent(token, body) });
        setStep('devices');
      } catch (e) { setError(e); } finally { setBusy(false); }
    };
    return (
      <section className="cand-card stack" aria-labelledby="welcome-h">
        <h1 id="welcome-h">{t('live.welcome', { name: session.candidate_name })}</h1>
        <p className="lead">{t('live.welcomeBody', { company: session.company.name, title: session.title, date: fmtDate(session.starts_at, true) })}</p>
        <ConsentForm session={session as unknown as CandidateSession} choice={choice} onChange={setChoice} />
        <ErrorAlert error={error} />
        <div className="cand-foot"><button type="button" className="btn primary lg" disabled={busy || !canStart(choice, session.consent)} onClick={() => void start()}>{t('live.continue')}</button></div>
      </section>
    );
  }
  if (step === 'devices') return <DeviceCheck token={token} stream={stream} setStream={setStream} onBack={() => setStep('welcome')} onNext={() => setStep('room')} />;
  if (!stream) return <Spinner />;
  return <CandidateRoom token={token} session={session} local={stream} onLeft={() => { stream.getTracks().forEach((x) => x.stop()); setStep('left'); }} />;
}

function CandidateRoom({ token, session, local, onLeft }: { token: string; session: LiveCandidateSession; local: MediaStream; onLeft: () => void }) {
  const { t } = useI18n();
  const opts = useMemo<RoomOptions>(() => ({
    url: () => signallingUrl(session.signalling_url, { token }),
    local, recordings: candidateRecordings(token), recordingKey: storeKey(token.slice(0, 16), 'candidate'),
    plannedSeconds: Math.max(60, (Date.parse(session.ends_at) - Date.parse(session.starts_at)) / 1000),
  }), [session, token, local]);
  const { view, leave } = useRoom(opts);
  const [leaving, setLeaving] = useState(false);
  const interviewer = view.remotes.find((r) => r.who.role === 'interviewer') ?? view.remotes[0];
  const exit = async () => { setLeaving(true); await leave(false); onLeft(); };
  useEffect(() => { if (view.ended && view.recording !== 'uploading' && view.recording !== 'recording') onLeft(); }, [view.ended, view.recording, onLeft]);
  return (
    <div className="live-cand-room">
      <ConnectionNote signal={view.signal} error={view.error} />
      {view.ended && <div className="alert" role="status">{t('live.uploading')}</div>}
      <div className="live-videos">
        <Video stream={interviewer?.stream ?? null} label={interviewer ? interviewer.who.name ?? t('live.interviewer') : t('live.waitingInterviewer')} className="remote" />
        <Video stream={local} label={t('live.you')} muted mirrored className="self small-self" />
      </div>
      <section className="card card-pad live-question" aria-labelledby="cq-h">
        <h2 id="cq-h" className="h3">{view.question?.kind === 'followup' ? t('live.followupQuestion') : t('live.question')}</h2>
        <p aria-live="assertive" data-testid="candidate-question" className="live-question-text">{view.question?.text ?? t('live.noQuestionYet')}</p>
      </section>
      <CaptionsPanel captions={view.captions} title={t('live.captions')} id="cand-captions" />
      <div className="cand-foot sticky"><button type="button" className="btn danger" disabled={leaving} onClick={() => void exit()}><Icon name="x" />{t('live.leave')}</button></div>
    </div>
  );
}
