// What every chart on the analytics and comparison pages shares: a heading, the drawing (hidden
// from screen readers) and its figures as a table, read by screen readers and shown on request.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ErrorAlert, Icon } from '../ui';

export function ChartFigure({ id, title, note, chart, table }: { id: string; title: string; note?: ReactNode; chart: ReactNode; table: ReactNode }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <section className="card card-pad stack chart" aria-labelledby={`${id}-h`}>
      <div className="row wrap">
        <h2 id={`${id}-h`}>{title}</h2>
        <span className="spacer" />
        <button type="button" className="btn ghost sm" aria-pressed={shown} aria-controls={`${id}-data`} onClick={() => setShown(!shown)}>{t('an.showTable')}</button>
      </div>
      {note && <div className="small muted">{note}</div>}
      <div aria-hidden="true">{chart}</div>
      <div id={`${id}-data`} className={shown ? 'table-wrap' : 'sr-only'}>{table}</div>
    </section>
  );
}

/** A button that prepares a file (a PDF, a CSV) and saves it; says so while it works and when it fails. */
export function DownloadButton({ label, make, primary = false }: { label: string; make: () => Promise<void>; primary?: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  // Busy, the button stays focusable (aria-disabled): a disabled one would drop the keyboard focus.
  const run = async () => {
    if (busy) return;
    setBusy(true); setError(null); setDone(false);
    try { await make(); setDone(true); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <span className="download">
      <button type="button" className={primary ? 'btn primary' : 'btn'} onClick={run} aria-disabled={busy}>
        <Icon name="download" />{busy ? t('an.preparing') : label}
      </button>
      <span className="sr-only" role="status">{done ? t('an.downloaded') : ''}</span>
      {!!error && <ErrorAlert error={error} />}
    </span>
  );
}
