// Pieces both rooms show: a video, the captions, the timer.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { captionRows, clock, timerView, type Captions } from './session';

export function Video({ stream, label, muted = false, mirrored = false, className = '' }: { stream: MediaStream | null; label: string; muted?: boolean; mirrored?: boolean; className?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== stream) { v.srcObject = stream; if (stream) void v.play().catch(() => undefined); }
  }, [stream]);
  return (
    <figure className={`live-video ${className}`}>
      <video ref={ref} autoPlay playsInline muted={muted} aria-label={label} className={mirrored ? 'mirror' : undefined} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function CaptionsPanel({ captions, title, id }: { captions: Captions; title: string; id: string }) {
  const { t } = useI18n();
  const rows = captionRows(captions);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => { end.current?.scrollIntoView?.({ block: 'nearest' }); }, [rows.length, rows.at(-1)?.text]);
  return (
    // It scrolls once the lines fill it: focusable, so a keyboard can scroll it too.
    <section className="card card-pad live-captions" aria-labelledby={`${id}-h`} tabIndex={0}>
      <h2 id={`${id}-h`} className="h3">{title}</h2>
      {rows.length === 0 ? <p className="muted small">{t('live.captionsEmpty')}</p> : (
        <ol className="caption-list" aria-live="polite" aria-relevant="additions text" data-testid="captions">
          {rows.map((l, i) => (
            <li key={`${l.speaker}-${l.final ? l.seq : 'partial'}-${i}`} ref={i === rows.length - 1 ? end : undefined} className={l.final ? 'final' : 'partial'}>
              <strong>{l.name}:</strong> <span>{l.text}</span>{!l.final && <span className="sr-only"> ({t('live.partial')})</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The session timer: elapsed since the server's start, the time left to the planned end, overtime. */
export function SessionTimer({ startedAt, endsAt, offsetMs }: { startedAt: string | null; endsAt: string | null; offsetMs: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => { const id = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(id); }, []);
  const v = timerView(startedAt, endsAt, now, offsetMs);
  const minutes = Math.ceil(Math.abs(v.remaining) / 60);
  return (
    <div className={`live-timer phase-${v.phase}`} role="timer" aria-label={t('live.timer')}>
      <span className="live-elapsed">{clock(v.elapsed)}</span>
      {Number.isFinite(v.remaining) && (
        <span className="small" role={v.phase === 'overtime' || v.phase === 'ending' ? 'status' : undefined}>
          {v.phase === 'overtime' ? t('live.overtime', { n: minutes }) : t('live.remaining', { n: minutes })}
        </span>
      )}
    </div>
  );
}

export function ConnectionNote({ signal, error }: { signal: string; error: { code: string; detail: string } | null }) {
  const { t } = useI18n();
  if (error) return <div className="alert bad" role="alert">{error.code === 'room_closed' ? t('live.roomClosed') : error.code === 'consent_required' ? t('live.consentRequired') : `${t('live.error')} ${error.detail}`}</div>;
  if (signal === 'reconnecting') return <div className="alert warn" role="status">{t('live.reconnecting')}</div>;
  if (signal === 'connecting') return <div className="alert" role="status">{t('live.connecting')}</div>;
  return null;
}
