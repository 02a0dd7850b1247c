import { useEffect, useRef, useState } from 'react';
import { api, ApiError, newIdempotencyKey, type CurrentQuestion } from '../api';
import { formatDuration, useI18n } from '../i18n';
import { Icon } from '../ui';
import { AnswerUploader, type UploadProgress } from '../upload/uploader';
import { createRecorder, expectedMaxBytes, notifyParent, type RecorderFormat } from './media';
import { Recording, withRetries } from './recording';
import { captureChunks, ChunkSender, chunkSender } from './audioChunks';

/** How long a submit waits for the last audio chunk to be sent (the pipeline copes without). */
const LAST_CHUNK_WAIT_MS = 3000;

interface ChunkCapture { sender: ChunkSender; stop: Promise<(() => void) | null> }

function stopCapture(c: ChunkCapture | null): void {
  void c?.stop.then((stop) => stop?.(), () => undefined);
}

type Phase = 'intro' | 'think' | 'recording' | 'preview' | 'submitting';

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
  const recording = useRef<Recording<AnswerUploader> | null>(null);
  // The take's audio chunks, sent while it records (issue 18); none for a practice answer.
  const capture = useRef<ChunkCapture | null>(null);
  const focusRef = useRef<HTMLHeadingElement>(null);
  const limit = question.time_limit_seconds;

  useEffect(() => { if (live.current && live.current.srcObject !== stream) live.current.srcObject = stream; }, [stream, phase]);
  const submitRef = useRef<HTMLButtonElement>(null);
  // After Stop the main action (submit) has the focus: one key press, not nine Tabs, away.
  useEffect(() => { (phase === 'preview' ? submitRef.current : focusRef.current)?.focus(); }, [phase]);
  useEffect(() => () => { if (previewUrl) URL.revokeObjectURL(previewUrl); }, [previewUrl]);
  // Leaving the page mid-recording stops the camera recorder; an upload under way stays stored.
  useEffect(() => () => { const r = recording.current; r?.dispose(); stopCapture(capture.current); void r?.upload.then((up) => up?.stop(), () => undefined); }, []);

  // Think-time countdown; recording starts by itself at zero.
  useEffect(() => {
    if (phase !== 'think') return;
    if (left <= 0) { startRecording(); return; }
    const id = setTimeout(() => setLeft((x) => x - 1), 1000);
    if (left <= 3 || left % 10 === 0) setAnnounce(t('cand.thinkLeft', { n: left }));
    return () => clearTimeout(id);
  }, [phase, left]); // eslint-disable-line react-hooks/exhaustive-deps

  const beginThink = () => {
    setError(null);
    setLeft(question.think_time_seconds);
    if (question.think_time_seconds > 0) setPhase('think');
    else startRecording();
  };

  /** The message for a failed grant or upload: the server's words for a refusal, else ours. */
  const failure = (e: unknown, fallback: string) => (e instanceof ApiError && e.status >= 400 && e.status < 500 ? e.detail : fallback);

  // Recording starts on the click; the upload grant arrives while it already records (see
  // recording.ts), so Stop works from the first frame.
  const startRecording = () => {
    if (recording.current?.phase === 'recording') return; // the countdown and a click at once
    setError(null);
    setProgress(null);
    setElapsed(0);
    const grantKey = newIdempotencyKey(); // one per recording: a retried grant never uses up a retake
    stopCapture(capture.current);
    const sender = new ChunkSender();
    const chunks: ChunkCapture | null = practice ? null : { sender, stop: captureChunks(stream, (c) => sender.add(c)).catch(() => null) };
    capture.current = chunks;
    const r: Recording<AnswerUploader> = new Recording<AnswerUploader>({
      createRecorder: () => createRecorder(stream, format),
      openUpload: practice ? null : async () => {
        const grant = await withRetries(() => api.createAnswerUpload(token, { question_id: question.id, content_type: format.contentType }, grantKey));
        if (grant.method !== 'MULTIPART' || !grant.parts.length) throw new ApiError(0, 'Upload', 'unexpected upload method');
        const up = await AnswerUploader.start(token, grant, { questionIndex: question.index, contentType: format.contentType, expectedMaxBytes: expectedMaxBytes(limit) });
        sender.open(chunkSender(token, grant.answer_id, api.createAnswerAudioChunk));
        // Only the take on screen reports its progress (a discarded one is never sent).
        up.onProgress = (p) => { if (recording.current === r) setProgress(p); };
        return up;
      },
      limitSeconds: limit,
      contentType: format.contentType,
      onTick: (sec) => {
        setElapsed(sec);
        const rem = Math.ceil(limit - sec);
        if (rem === 30 || rem === 10) setAnnounce(t('cand.secondsLeft', { n: rem }));
      },
      onStopped: ({ blob, seconds }) => {
        stopCapture(chunks); // the last chunk is cut and sent
        if (recording.current !== r) return;
        if (!blob.size) { // stopped before the camera gave a frame: nothing to keep, no attempt used
          recording.current = null;
          setError(t('cand.nothingRecorded'));
          setPhase('intro');
          return;
        }
        setElapsed(seconds);
        setPreviewUrl(URL.createObjectURL(blob));
        setAttemptsLeft((n) => n - 1);
        setPhase('preview');
        setAnnounce(t('cand.recordingStopped'));
        notifyParent('recorded', { question: question.index + 1, practice });
      },
      onFailed: (e) => {
        stopCapture(chunks);
        if (recording.current !== r) return;
        recording.current = null;
        setError(failure(e, t('error.network')));
        setPhase('intro');
      },
    });
    recording.current = r;
    r.start();
    if (r.phase !== 'recording') return;
    setPhase('recording');
    setAnnounce(t('cand.recordingStarted', { t: formatDuration(limit) }));
  };

  const stop = () => recording.current?.stop();

  /** A take the candidate threw away: never sent, never completed, forgotten by this browser. */
  const discard = (r: Recording<AnswerUploader> | null) => {
    r?.dispose();
    void r?.upload.then((up) => up?.discard(), () => undefined);
  };

  const retake = () => {
    const old = recording.current;
    recording.current = null;
    discard(old);
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    setPreviewUrl(null);
    setProgress(null);
    beginThink();
  };

  const submit = async () => {
    if (practice) { onDone(); return; }
    const r = recording.current;
    if (!r) return;
    setPhase('submitting');
    setError(null);
    let up: AnswerUploader | null;
    try {
      up = await r.upload; // the grant may still be on its way
    } catch (e) {
      // No upload could be opened for this take: record it again (the attempt was not used).
      recording.current = null;
      setAttemptsLeft((n) => n + 1);
      setError(failure(e, t('error.network')));
      setPhase('intro');
      return;
    }
    try {
      // The last audio chunk usually went while the candidate watched the preview.
      const sent = capture.current?.sender.settled();
      if (sent) await Promise.race([sent, new Promise((r2) => setTimeout(r2, LAST_CHUNK_WAIT_MS))]);
      await up?.done();
      notifyParent('answer-uploaded', { question: question.index + 1, total });
      onDone();
    } catch (e) {
      setError(failure(e, t('cand.uploadFailed')));
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
          <div className="cand-foot"><button type="button" className="btn primary lg" onClick={startRecording}><span className="rec-dot" aria-hidden="true" style={{ animation: 'none' }} />{t('cand.startNow')}</button></div>
        </div>
      )}

      {phase === 'recording' && (
        <div className="stack">
          <div className="stage">
            <video ref={live} className="mirror" autoPlay muted playsInline aria-label={t('cand.selfView')} />
            <div className="overlay">
              <span className="rec-dot" aria-hidden="true" />
              <span>{t('cand.recording')}</span><span className="spacer" />
              <span className="timer" role="timer" aria-label={t('cand.recLeftLabel', { t: formatDuration(recLeft) })}>{formatDuration(elapsed)} / {formatDuration(limit)}</span>
            </div>
          </div>
          <div className="progress" aria-hidden="true"><span style={{ width: `${Math.min(100, (elapsed / limit) * 100)}%`, background: recLeft <= 10 ? 'var(--bad)' : undefined }} /></div>
          {progress && progress.uploaded > 0 && <p className="small muted">{t('cand.streaming', { mb: (progress.uploaded / 1048576).toFixed(1) })}</p>}
          <div className="cand-foot"><button type="button" className="btn primary lg" onClick={stop} ref={(el) => { if (el && phase === 'recording') el.focus(); }}>{t('cand.stop')}</button></div>
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
