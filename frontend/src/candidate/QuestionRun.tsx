import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type CurrentQuestion } from '../api';
import { formatDuration, useI18n } from '../i18n';
import { Icon } from '../ui';
import { AnswerUploader, type UploadProgress } from '../upload/uploader';
import { AUDIO_BPS, expectedMaxBytes, notifyParent, VIDEO_BPS, type RecorderFormat } from './media';

type Phase = 'intro' | 'think' | 'starting' | 'recording' | 'preview' | 'submitting';

/** Uploads of earlier attempts keep going while the candidate retakes. */
const background = new Set<Promise<unknown>>();

interface Props {
  token: string;
  stream: MediaStream;
  format: RecorderFormat;
  question: CurrentQuestion;
  total: number;
  remainingSeconds: number;
  practice?: boolean;
  onDone: () => void;
}

export function QuestionRun({ token, stream, format, question, total, remainingSeconds, practice = false, onDone }: Props) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>('intro');
  const [left, setLeft] = useState(question.think_time_seconds);
  const [elapsed, setElapsed] = useState(0);
  const [attemptsLeft, setAttemptsLeft] = useState(question.attempts_left);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const live = useRef<HTMLVideoElement>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const uploader = useRef<AnswerUploader | null>(null);
  const chunks = useRef<Blob[]>([]);
  const startedAt = useRef(0);
  const stopTimer = useRef<number | null>(null);
  const focusRef = useRef<HTMLHeadingElement>(null);
  const limit = question.time_limit_seconds;

  useEffect(() => { if (live.current && live.current.srcObject !== stream) live.current.srcObject = stream; }, [stream, phase]);
  const submitRef = useRef<HTMLButtonElement>(null);
  // After Stop the main action (submit) has the focus: one key press, not nine Tabs, away.
  useEffect(() => { (phase === 'preview' ? submitRef.current : focusRef.current)?.focus(); }, [phase]);
  useEffect(() => () => { if (previewUrl) URL.revokeObjectURL(previewUrl); }, [previewUrl]);
  useEffect(() => () => { if (recorder.current?.state === 'recording') recorder.current.stop(); uploader.current?.stop(); if (stopTimer.current) clearInterval(stopTimer.current); }, []);

  // Think-time countdown; recording starts by itself at zero.
  useEffect(() => {
    if (phase !== 'think') return;
    if (left <= 0) { void startRecording(); return; }
    const id = setTimeout(() => setLeft((x) => x - 1), 1000);
    if (left <= 3 || left % 10 === 0) setAnnounce(t('cand.thinkLeft', { n: left }));
    return () => clearTimeout(id);
  }, [phase, left]); // eslint-disable-line react-hooks/exhaustive-deps

  const beginThink = () => {
    setError(null);
    setLeft(question.think_time_seconds);
    setPhase(question.think_time_seconds > 0 ? 'think' : 'starting');
    if (question.think_time_seconds <= 0) void startRecording();
  };

  const startRecording = async () => {
    setPhase('starting');
    setError(null);
    chunks.current = [];
    uploader.current = null;
    setProgress(null);
    if (!practice) {
      try {
        const grant = await api.createAnswerUpload(token, { question_id: question.id, content_type: format.contentType });
        if (grant.method !== 'MULTIPART' || !grant.parts.length) throw new ApiError(0, 'Upload', 'unexpected upload method');
        const up = await AnswerUploader.start(token, grant, { questionIndex: question.index, contentType: format.contentType, expectedMaxBytes: expectedMaxBytes(limit) });
        up.onProgress = setProgress;
        uploader.current = up;
      } catch (e) {
        setError(e instanceof ApiError && e.detail !== 'network' ? e.detail : t('error.network'));
        setPhase('intro');
        return;
      }
    }
    let rec: MediaRecorder;
    try {
      rec = new MediaRecorder(stream, { mimeType: format.mimeType, videoBitsPerSecond: VIDEO_BPS, audioBitsPerSecond: AUDIO_BPS });
    } catch {
      rec = new MediaRecorder(stream);
    }
    rec.ondataavailable = (e) => {
      if (!e.data || !e.data.size) return;
      chunks.current.push(e.data);
      void uploader.current?.addChunk(e.data);
    };
    rec.onstop = () => {
      if (stopTimer.current) { clearInterval(stopTimer.current); stopTimer.current = null; }
      const blob = new Blob(chunks.current, { type: format.contentType });
      setPreviewUrl(URL.createObjectURL(blob));
      void uploader.current?.finishRecording();
      setAttemptsLeft((n) => n - 1);
      setPhase('preview');
      setAnnounce(t('cand.recordingStopped'));
      notifyParent('recorded', { question: question.index + 1, practice });
    };
    recorder.current = rec;
    rec.start(1000);
    startedAt.current = performance.now();
    setElapsed(0);
    setPhase('recording');
    setAnnounce(t('cand.recordingStarted', { t: formatDuration(limit) }));
    stopTimer.current = window.setInterval(() => {
      const s = (performance.now() - startedAt.current) / 1000;
      setElapsed(s);
      const rem = Math.ceil(limit - s);
      if (rem === 30 || rem === 10) setAnnounce(t('cand.secondsLeft', { n: rem }));
      if (s >= limit) stop();
    }, 250);
  };

  const stop = () => {
    const rec = recorder.current;
    if (rec && rec.state !== 'inactive') { try { rec.requestData(); } catch { /* ignore */ } rec.stop(); }
  };

  const retake = () => {
    const up = uploader.current;
    if (up) { const p = up.done().catch(() => undefined).finally(() => background.delete(p)); background.add(p); }
    uploader.current = null;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    setPreviewUrl(null);
    setProgress(null);
    beginThink();
  };

  const submit = async () => {
    if (practice) { onDone(); return; }
    const up = uploader.current;
    if (!up) return;
    setPhase('submitting');
    setError(null);
    try {
      await up.done();
      await Promise.all(background);
      notifyParent('answer-uploaded', { question: question.index + 1, total });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError && e.detail !== 'network' ? e.detail : t('cand.uploadFailed'));
      setPhase('preview');
    }
  };

  const pct = progress && progress.total ? Math.min(100, Math.round((progress.uploaded / progress.total) * 100)) : 0;
  const label = practice ? t('cand.practiceLabel') : t('cand.qOf', { n: question.index + 1, total });
  const remainingMin = Math.max(1, Math.round(remainingSeconds / 60));
  const showText = phase !== 'intro';
  const recLeft = Math.max(0, limit - elapsed);

  return (
    <section className="cand-card" aria-labelledby="q-label">
      <div className="row wrap">
        <span className="pill" id="q-label">{label}</span>
        <span className="spacer" />
        {!practice && <span className="small muted">{t('cand.timeLeft', { min: remainingMin })}</span>}
      </div>
      {!practice && <div className="progress" role="progressbar" aria-label={t('cand.overallProgress')} aria-valuemin={0} aria-valuemax={total} aria-valuenow={question.index}><span style={{ width: `${(question.index / Math.max(1, total)) * 100}%` }} /></div>}
      <p className="sr-only" aria-live="polite" aria-atomic="true">{announce}</p>

      {phase === 'intro' && (
        <div className="stack">
          <h1 ref={focusRef} tabIndex={-1}>{practice ? t('cand.practiceTitle') : t('cand.readyTitle')}</h1>
          <ul className="kv" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            <li className="row"><Icon name="clock" />{t('cand.limitInfo', { t: formatDuration(limit) })}</li>
            {question.think_time_seconds > 0 && <li className="row"><Icon name="clock" />{t('cand.thinkInfo', { t: formatDuration(question.think_time_seconds) })}</li>}
            {!practice && <li className="row"><Icon name="redo" />{attemptsLeft > 1 ? t('cand.retakesInfo', { n: attemptsLeft - 1 }) : t('cand.noRetakes')}</li>}
            {practice && <li className="row"><Icon name="check" />{t('cand.practiceNote')}</li>}
          </ul>
          {error && <div className="alert bad" role="alert">{error}</div>}
          <div className="stage"><video ref={live} className="mirror" autoPlay muted playsInline aria-label={t('cand.selfView')} /></div>
          <div className="cand-foot"><button type="button" className="btn primary lg" onClick={beginThink}>{question.think_time_seconds > 0 ? t('cand.showQuestion') : t('cand.startRecording')}</button></div>
        </div>
      )}

      {showText && <h1 ref={phase === 'think' ? focusRef : undefined} className="question-text" tabIndex={-1}>{question.text}</h1>}

      {phase === 'think' && (
        <div className="stack">
          <p className="muted" id="think-l">{t('cand.thinkTime')}</p>
          <div className="countdown" role="timer" aria-labelledby="think-l" aria-live="off">{formatDuration(left)}</div>
          <div className="stage" style={{ aspectRatio: '16 / 7' }}><video ref={live} className="mirror" autoPlay muted playsInline aria-label={t('cand.selfView')} /></div>
          <div className="cand-foot"><button type="button" className="btn primary lg" onClick={() => void startRecording()}><span className="rec-dot" aria-hidden="true" style={{ animation: 'none' }} />{t('cand.startNow')}</button></div>
        </div>
      )}

      {(phase === 'starting' || phase === 'recording') && (
        <div className="stack">
          <div className="stage">
            <video ref={live} className="mirror" autoPlay muted playsInline aria-label={t('cand.selfView')} />
            <div className="overlay">
              {phase === 'recording' ? <span className="rec-dot" aria-hidden="true" /> : <span className="spinner" aria-hidden="true" style={{ width: 14, height: 14 }} />}
              <span>{phase === 'recording' ? t('cand.recording') : t('cand.preparing')}</span><span className="spacer" />
              <span className="timer" role="timer" aria-label={t('cand.recLeftLabel', { t: formatDuration(recLeft) })}>{formatDuration(elapsed)} / {formatDuration(limit)}</span>
            </div>
          </div>
          <div className="progress" aria-hidden="true"><span style={{ width: `${Math.min(100, (elapsed / limit) * 100)}%`, background: recLeft <= 10 ? 'var(--bad)' : undefined }} /></div>
          {progress && progress.uploaded > 0 && <p className="small muted">{t('cand.streaming', { mb: (progress.uploaded / 1048576).toFixed(1) })}</p>}
          <div className="cand-foot"><button type="button" className="btn primary lg" onClick={stop} disabled={phase !== 'recording'} ref={(el) => { if (el && phase === 'recording') el.focus(); }}>{t('cand.stop')}</button></div>
        </div>
      )}

      {(phase === 'preview' || phase === 'submitting') && (
        <div className="stack">
          <h2>{t('cand.previewTitle')}</h2>
          <div className="stage">{previewUrl && <video src={previewUrl} controls playsInline aria-label={t('cand.previewLabel')} />}</div>
          {!practice && progress && (
            <div className="stack" style={{ gap: 6 }}>
              <div className="row small"><span id="up-l">{progress.retrying ? t('cand.reconnecting') : pct >= 100 && phase !== 'submitting' ? t('cand.uploaded') : t('cand.uploading')}</span><span className="spacer" /><span>{pct}%</span></div>
              <div className="progress" role="progressbar" aria-labelledby="up-l" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}><span style={{ width: `${pct}%` }} /></div>
              {progress.retrying && <p className="small" role="status" style={{ color: 'var(--warn)' }}>{t('cand.retryingNote')}</p>}
            </div>
          )}
          {error && <div className="alert bad" role="alert">{error}</div>}
          <div className="cand-foot">
            {(practice || attemptsLeft > 0) && <button type="button" className="btn lg" onClick={retake} disabled={phase === 'submitting'}><Icon name="redo" />{practice ? t('cand.tryAgain') : t('cand.retake', { n: attemptsLeft })}</button>}
            <button type="button" ref={submitRef} className="btn primary lg" onClick={submit} disabled={phase === 'submitting'}>{phase === 'submitting' ? t('cand.saving') : practice ? t('cand.beginReal') : question.index + 1 >= total ? t('cand.submitLast') : t('cand.submitNext')}</button>
          </div>
        </div>
      )}
    </section>
  );
}
