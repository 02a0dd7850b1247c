// The interviewer's room: both videos, the timer, the questions with "Ask next", a follow-up
// box, private notes (autosaved), the live transcript, hang up.
import { useEffect, useMemo, useRef, useState } from 'react';
import { getToken } from '../api';
import { openCamera, cameraProblem } from '../candidate/media';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { ErrorAlert, Icon, Spinner } from '../ui';
import { liveApi, memberRecordings, signallingUrl, type LiveInterview } from './api';
import { resumeLiveRecordings, storeKey } from './recorder';
import { CaptionsPanel, ConnectionNote, SessionTimer, Video } from './RoomParts';
import { Debounced, followupText, FOLLOWUP_MAX, nextQuestionIndex } from './session';
import { useRoom, type RoomOptions } from './useRoom';

export default function RecruiterRoom({ id }: { id: string }) {
  const { t } = useI18n();
  const [live, setLive] = useState<LiveInterview | null>(null);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let gone = false;
    liveApi.get(id).then((l) => { if (!gone) setLive(l); }, setError);
    openCamera().then((s) => { if (gone) s.getTracks().forEach((x) => x.stop()); else { stream = s; setLocal(s); } }, (e) => setError(new Error(t(`cand.cam.${cameraProblem(e)}.title`))));
    void resumeLiveRecordings(storeKey(id, 'me'), memberRecordings(id));
    return () => { gone = true; stream?.getTracks().forEach((x) => x.stop()); };
  }, [id, t]);
  if (error) return <div className="page"><ErrorAlert error={error} /><p><Link to={`/app/live/${encodeURIComponent(id)}`}>{t('live.backToDetail')}</Link></p></div>;
  if (!live || !local) return <Spinner />;
  return <Room live={live} local={local} />;
}

function Room({ live, local }: { live: LiveInterview; local: MediaStream }) {
  const { t } = useI18n();
  const opts = useMemo<RoomOptions>(() => ({
    url: () => signallingUrl(live.signalling_url, { liveId: live.id, accessToken: getToken() ?? '' }),
    local, recordings: memberRecordings(live.id), recordingKey: storeKey(live.id, 'me'), plannedSeconds: live.duration_minutes * 60,
  }), [live, local]);
  const { view, send, leave } = useRoom(opts);
  const [asked, setAsked] = useState<(number | null)[]>(() => (live.timeline ?? []).map((e) => e.index));
  const [followup, setFollowup] = useState('');
  const [notes, setNotes] = useState(live.my_notes ?? '');
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const saver = useRef(new Debounced(async (text) => {
    setSaved('saving');
    try { await liveApi.saveNotes(live.id, text); setSaved('saved'); } catch { setSaved('failed'); }
  }, 1200));
  useEffect(() => () => { void saver.current.flush(); }, []);
  useEffect(() => { const q = view.question; if (q && typeof q.index === 'number') setAsked((a) => [...a, q.index]); }, [view.question]);

  const next = nextQuestionIndex(live.questions.length, asked);
  const candidate = view.remotes.find((r) => r.who.role === 'candidate') ?? view.remotes[0];
  const joined = view.signal === 'joined';
  const text = followupText(followup);
  const ask = (index: number) => { if (send({ type: 'question', index })) setAsked((a) => [...a, index]); };
  const sendFollowup = () => { if (text && send({ type: 'followup', text })) setFollowup(''); };
  const hangUp = async () => { await saver.current.flush(); await leave(true); navigate(`/app/live/${encodeURIComponent(live.id)}`); };

  return (
    <div className="page live-room">
      <div className="page-head">
        <h1>{live.title}</h1>
        <span className="spacer" />
        <SessionTimer startedAt={view.startedAt ?? live.started_at} endsAt={view.endsAt ?? live.ends_at} offsetMs={view.offsetMs} />
        <button type="button" className="btn danger" onClick={() => void hangUp()} disabled={view.ended && view.recording === 'uploading'}><Icon name="x" />{t('live.hangUp')}</button>
      </div>
      <ConnectionNote signal={view.signal} error={view.error} />
      {view.ended && <div className="alert" role="status">{view.recording === 'uploading' ? t('live.uploading') : t('live.ended')}</div>}
      <div className="live-grid">
        <div className="live-videos">
          <Video stream={candidate?.stream ?? null} label={candidate ? candidate.who.name ?? t('live.candidate') : t('live.waitingFor', { name: live.candidate.name })} className="remote" />
          <Video stream={local} label={t('live.you')} muted mirrored className="self" />
        </div>
        <section className="card card-pad stack" aria-labelledby="q-h">
          <h2 id="q-h" className="h3">{t('live.questions')}</h2>
          <div aria-live="polite" className="live-current" data-testid="current-question">{view.question ? <p><strong>{t('live.onScreen')}</strong> {view.question.text}</p> : <p className="muted">{t('live.noQuestionYet')}</p>}</div>
          <ol className="live-qlist">
            {live.questions.map((q, i) => (
              <li key={q.id ?? i} aria-current={view.question?.index === i ? 'step' : undefined}>
                <span>{q.text}</span>
                <button type="button" className="btn sm" disabled={!joined} onClick={() => ask(i)} aria-label={`${t('live.ask')}: ${q.text}`}>{t('live.ask')}</button>
              </li>
            ))}
          </ol>
          {live.questions.length > 0 && <button type="button" className="btn primary" disabled={!joined || next === null} onClick={() => next !== null && ask(next)}>{t('live.askNext')}</button>}
          <form className="stack" onSubmit={(e) => { e.preventDefault(); sendFollowup(); }}>
            <label htmlFor="followup">{t('live.followup')}</label>
            <textarea id="followup" className="input" rows={2} maxLength={FOLLOWUP_MAX} value={followup} onChange={(e) => setFollowup(e.target.value)} aria-describedby="followup-hint" />
            <span id="followup-hint" className="small muted">{t('live.followupHint')}</span>
            <button type="submit" className="btn" disabled={!joined || !text}><Icon name="send" />{t('live.sendFollowup')}</button>
          </form>
        </section>
        <CaptionsPanel captions={view.captions} title={t('live.transcript')} id="live-transcript" />
        <section className="card card-pad stack" aria-labelledby="notes-h">
          <h2 id="notes-h" className="h3">{t('live.notes')}</h2>
          <label htmlFor="notes" className="small muted">{t('live.notesHint')}</label>
          <textarea id="notes" className="input" rows={6} maxLength={20000} value={notes} onChange={(e) => { setNotes(e.target.value); saver.current.change(e.target.value); }} />
          <span className="small muted" role="status">{saved === 'saving' ? t('live.notesSaving') : saved === 'saved' ? t('live.notesSaved') : saved === 'failed' ? t('live.notesFailed') : ''}</span>
        </section>
      </div>
    </div>
  );
}
