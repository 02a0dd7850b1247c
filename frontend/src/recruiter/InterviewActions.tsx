// Interview actions (issue 12): resend, cancel, extend the deadline, reprocess failed or stuck
// answers, share links for a hiring manager, the decision history, a candidate's link request.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ActionKey, actionsApi, api, type DecisionEntry, type InterviewDetail, type NewShareLink, type ShareLink } from '../api';
import { useI18n } from '../i18n';
import { Dialog, ErrorAlert, Icon, StatusBadge, useToast } from '../ui';
import { candidateLink, CopyLink } from './Invite';
import { actionsFor, deadlineOf, extendBounds, extendProblem, linkRequestPending, reprocessable, SHARE_DAYS, SHARE_DAYS_DEFAULT } from './actionsState';

type Props = { d: InterviewDetail; onChanged: () => void };

/** The actions area of a manager's interview page. */
export function ActionsCard({ d, onChanged }: Props) {
  const { t } = useI18n();
  const offered = actionsFor(d.status);
  const [open, setOpen] = useState<'resend' | 'cancel' | 'extend' | 'share' | null>(null);
  const close = () => setOpen(null);
  return (
    <section className="card card-pad stack ivx-actions" aria-labelledby="ivx-h">
      <h2 id="ivx-h">{t('ivx.title')}</h2>
      <div className="row wrap ivx-buttons">
        {offered.resend && <button type="button" className="btn" onClick={() => setOpen('resend')}><Icon name="send" />{t('iv.resend')}</button>}
        {offered.extend && <button type="button" className="btn" aria-expanded={open === 'extend'} aria-controls="ivx-extend" onClick={() => setOpen(open === 'extend' ? null : 'extend')}><Icon name="clock" />{t('ivx.extend')}</button>}
        {offered.share && <button type="button" className="btn" onClick={() => setOpen('share')}><Icon name="copy" />{t('ivx.share')}</button>}
        {offered.cancel && <button type="button" className="btn danger" onClick={() => setOpen('cancel')}><Icon name="x" />{t('iv.cancel')}</button>}
      </div>
      {open === 'extend' && <ExtendForm d={d} onDone={() => { close(); onChanged(); }} onCancel={close} />}
      <Reprocess d={d} onChanged={onChanged} />
      <ResendDialog d={d} open={open === 'resend'} onClose={close} onChanged={onChanged} />
      <CancelDialog d={d} open={open === 'cancel'} onClose={close} onChanged={onChanged} />
      <ShareDialog d={d} open={open === 'share'} onClose={close} />
    </section>
  );
}

function ResendDialog({ d, open, onClose, onChanged }: Props & { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const key = useRef(new ActionKey());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [link, setLink] = useState<string | null>(null);
  useEffect(() => { if (open) { setLink(null); setError(null); } }, [open]);
  const send = async () => {
    setBusy(true); setError(null);
    try { const inv = await key.current.run(d.id, (k) => api.resendInvitation(d.id, k)); setLink(candidateLink(inv)); toast(t('iv.resent')); onChanged(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('ivx.resendTitle')} labelledBy="ivx-resend-h"
      footer={link ? <button type="button" className="btn primary" onClick={onClose}>{t('common.close')}</button>
        : <><button type="button" className="btn" onClick={onClose}>{t('common.back')}</button><button type="button" className="btn primary" disabled={busy} onClick={send}>{busy ? t('common.wait') : t('ivx.resendConfirm')}</button></>}>
      <ErrorAlert error={error} />
      {link
        ? <div className="alert info stack" role="status"><span>{t('ivx.resendDone', { email: d.candidate?.email ?? '' })}</span><span className="mono ivx-url">{link}</span><CopyLink url={link} /></div>
        : <p>{t('ivx.resendBody', { email: d.candidate?.email ?? '' })}</p>}
    </Dialog>
  );
}

function CancelDialog({ d, open, onClose, onChanged }: Props & { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancel = async () => {
    setBusy(true); setError(null);
    try { await api.cancelInterview(d.id); toast(t('iv.cancelled')); onClose(); onChanged(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('iv.cancelTitle')} labelledBy="ivx-cancel-h"
      footer={<><button type="button" className="btn" onClick={onClose}>{t('common.back')}</button><button type="button" className="btn danger" disabled={busy} onClick={cancel}>{t('iv.cancelConfirm')}</button></>}>
      <ErrorAlert error={error} />
      <p>{t('iv.cancelBody', { name: d.candidate?.name ?? '' })}</p>
    </Dialog>
  );
}

function ExtendForm({ d, onDone, onCancel }: { d: InterviewDetail; onDone: () => void; onCancel: () => void }) {
  const { t, fmtDate } = useI18n();
  const toast = useToast();
  const now = new Date();
  const bounds = extendBounds(d.deadline, now);
  const [day, setDay] = useState(bounds.min);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = extendProblem(day, d.deadline, now);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const chosen = deadlineOf(day);
    if (problem || !chosen) return;
    setBusy(true); setError(null);
    try { await actionsApi.extendInterviewDeadline(d.id, chosen.toISOString()); toast(t('ivx.extended', { date: fmtDate(chosen.toISOString(), true) })); onDone(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const shownProblem = touched && problem;
  return (
    <form id="ivx-extend" className="stack ivx-extend" onSubmit={submit} noValidate>
      <ErrorAlert error={error} />
      <p className="small muted">{t('ivx.currentDeadline', { date: fmtDate(d.deadline, true) })}{d.status === 'expired' ? ` ${t('ivx.reopens')}` : ''}</p>
      <div className="field">
        <label htmlFor="ivx-date">{t('ivx.newDeadline')}</label>
        <input id="ivx-date" className="input" type="date" value={day} min={bounds.min} max={bounds.max} required
          aria-invalid={shownProblem ? true : undefined} aria-describedby={shownProblem ? 'ivx-date-error ivx-date-hint' : 'ivx-date-hint'}
          onChange={(e) => { setDay(e.target.value); setTouched(true); }} />
        <span id="ivx-date-hint" className="hint">{t('ivx.deadlineHint')}</span>
        {shownProblem && <span id="ivx-date-error" className="ivx-error" role="alert">{t(`ivx.problem.${shownProblem}`)}</span>}
      </div>
      <div className="row wrap">
        <button type="submit" className="btn primary" disabled={busy}>{busy ? t('common.wait') : t('ivx.extendConfirm')}</button>
        <button type="button" className="btn" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function Reprocess({ d, onChanged }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = reprocessable(d.answers ?? [], new Date());
  if (list.length === 0 || d.recordings_deleted_at) return null;
  const run = async (answerId: string, n: number) => {
    setBusy(answerId); setError(null);
    try { await actionsApi.reprocessAnswer(d.id, answerId); toast(t('ivx.reprocessed', { n })); onChanged(); } catch (e) { setError(e); } finally { setBusy(null); }
  };
  return (
    <div className="stack ivx-reprocess">
      <h3>{t('ivx.needsAttention', { n: list.length })}</h3>
      <ErrorAlert error={error} />
      <ul className="ivx-list">
        {list.map((a) => (
          <li key={a.id} className="row wrap">
            <span className="ivx-grow"><strong>{t('iv.qShort', { n: a.question_index + 1 })}</strong> <StatusBadge kind="answer" status={a.status} />{a.status === 'failed' && a.failure_reason ? <span className="small muted"> {a.failure_reason}</span> : a.status !== 'failed' ? <span className="small muted"> {t('ivx.stuck')}</span> : null}</span>
            <button type="button" className="btn sm" disabled={busy === a.id} onClick={() => run(a.id, a.question_index + 1)}><Icon name="redo" />{t('ivx.reprocess', { n: a.question_index + 1 })}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ShareDialog({ d, open, onClose }: { d: InterviewDetail; open: boolean; onClose: () => void }) {
  const { t, fmtDate } = useI18n();
  const toast = useToast();
  const [days, setDays] = useState<number>(SHARE_DAYS_DEFAULT);
  const [made, setMade] = useState<NewShareLink | null>(null);
  const [links, setLinks] = useState<ShareLink[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = async () => { try { setLinks((await actionsApi.listShareLinks(d.id)).items); } catch (e) { setError(e); } };
  useEffect(() => { if (open) { setMade(null); setError(null); void load(); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try { const link = await actionsApi.createShareLink(d.id, days); setMade(link); toast(t('ivx.shareMade')); await load(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const revoke = async (link: ShareLink) => {
    setError(null);
    try { await actionsApi.revokeShareLink(d.id, link.id); if (made?.id === link.id) setMade(null); toast(t('ivx.shareRevoked')); await load(); } catch (err) { setError(err); }
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('ivx.shareTitle')} labelledBy="ivx-share-h" footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
      <div className="stack">
        <p className="small">{t('ivx.shareBody')}</p>
        <ErrorAlert error={error} />
        <form className="row wrap ivx-share-form" onSubmit={create}>
          <div className="field"><label htmlFor="ivx-days">{t('ivx.shareExpiry')}</label>
            <select id="ivx-days" className="select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {SHARE_DAYS.map((n) => <option key={n} value={n}>{t('ivx.days', { n })}</option>)}
            </select></div>
          <button type="submit" className="btn primary" disabled={busy}>{busy ? t('common.wait') : t('ivx.shareCreate')}</button>
        </form>
        {made && <div className="alert info stack" role="status"><span>{t('ivx.shareReady', { date: fmtDate(made.expires_at, true) })}</span><span className="mono ivx-url" data-testid="share-url">{made.url}</span><CopyLink url={made.url} /></div>}
        <h3>{t('ivx.shareActive')}</h3>
        {links === null ? null : links.length === 0 ? <p className="small muted">{t('ivx.shareNone')}</p> : (
          <ul className="ivx-list">
            {links.map((l) => (
              <li key={l.id} className="row wrap">
                <span className="ivx-grow small">{t('ivx.shareItem', { created: fmtDate(l.created_at, true), expires: fmtDate(l.expires_at, true) })}</span>
                <button type="button" className="btn sm danger" onClick={() => revoke(l)} aria-label={t('ivx.shareRevokeOne', { date: fmtDate(l.created_at, true) })}><Icon name="trash" />{t('ivx.shareRevoke')}</button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}

/** Every decision, newest first: who, when, what, the note. */
export function DecisionHistory({ decisions }: { decisions: DecisionEntry[] }) {
  const { t, fmtDate } = useI18n();
  if (decisions.length === 0) return null;
  return (
    <section className="card card-pad stack" aria-labelledby="ivx-history-h">
      <h2 id="ivx-history-h">{t('ivx.history')}</h2>
      <ol className="ivx-timeline">
        {decisions.map((e, i) => (
          <li key={e.id}>
            <div className="row wrap"><StatusBadge kind="outcome" status={e.outcome} />{i === 0 && <span className="small muted">{t('ivx.current')}</span>}</div>
            <p className="small">{t('ivx.by', { name: e.decided_by_name ?? t('ivx.formerMember'), date: fmtDate(e.decided_at, true) })}</p>
            {e.note ? <p className="ivx-note">{e.note}</p> : <p className="small muted">{t('ivx.noNote')}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The candidate asked for a new link on the expired page: said first, with what answers it. */
export function LinkRequestBanner({ d, manager }: { d: InterviewDetail; manager: boolean }) {
  const { t, fmtDate } = useI18n();
  if (!linkRequestPending(d)) return null;
  return (
    <div className="alert warn ivx-request" role="status">
      <Icon name="bell" />
      <span><strong>{t('ivx.linkRequested', { name: d.candidate?.name ?? '', date: fmtDate(d.link_requested_at, true) })}</strong>{manager ? ` ${t('ivx.linkRequestedHint')}` : ''}</span>
    </div>
  );
}
