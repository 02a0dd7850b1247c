import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ActionKey, api, ApiError, type Invitation, type Lang, type Template } from '../api';
import { LANG_NAMES, LANGS, useI18n } from '../i18n';
import { EMAIL, parseCandidatesCsv, type CsvCandidate } from '../csv';
import { copyText, Dialog, ErrorAlert, Icon, useToast } from '../ui';
import { quotaFromError, QuotaPrompt } from './Billing';
import { useSession } from './RecruiterApp';

export function candidateLink(inv: { candidate_url?: string; token?: string }): string {
  if (inv.candidate_url) return inv.candidate_url;
  return inv.token ? `${location.origin}/i/${inv.token}` : '';
}

export function CopyLink({ url, label }: { url: string; label?: string }) {
  const { t } = useI18n();
  const toast = useToast();
  return <button type="button" className="btn sm" onClick={async () => { if (await copyText(url)) toast(t('iv.copied')); }}><Icon name="copy" />{label ?? t('iv.copyLink')}</button>;
}

export interface InviteResult<R> { inv?: Invitation; row?: R; error?: string }

/** The most rows one upload invites (the API's createInterviews takes up to 100). */
export const BATCH_LIMIT = 100;

/**
 * Invites every row in one request, all or nothing (createInterviews): each row gets its
 * invitation, or none does and `error` says why (a 402: the plan cannot take them all, and its
 * `requested` counts the whole upload).
 */
export async function inviteBatch<R>(rows: R[], send: (rows: R[]) => Promise<Invitation[]>): Promise<{ out: InviteResult<R>[]; error: unknown }> {
  try {
    const items = await send(rows);
    return { out: rows.map((row, i) => ({ row, inv: items[i] })), error: null };
  } catch (err) {
    return { out: [], error: err };
  }
}

export function InviteButton({ templates, onInvited, templateId }: { templates: Template[]; onInvited?: () => void; templateId?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return <>
    <button type="button" className="btn primary" onClick={() => setOpen(true)}><Icon name="send" />{t('iv.invite')}</button>
    {open && <InviteDialog templates={templates} templateId={templateId} onClose={() => setOpen(false)} onInvited={onInvited} />}
  </>;
}

function InviteDialog({ templates, templateId, onClose, onInvited }: { templates: Template[]; templateId?: string; onClose: () => void; onInvited?: () => void }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const active = templates.filter((x) => x.status === 'active');
  const [mode, setMode] = useState<'one' | 'csv'>('one');
  const [tpl, setTpl] = useState(templateId ?? active[0]?.id ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [cLang, setCLang] = useState<Lang>(lang);
  const [deadline, setDeadline] = useState('');
  const [rows, setRows] = useState<CsvCandidate[]>([]);
  const [fileName, setFileName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ inv?: Invitation; row?: CsvCandidate; error?: string }[]>([]);
  useEffect(() => { if (!tpl && active[0]) setTpl(active[0].id); }, [active, tpl]);

  // A select cuts a long name: the chosen template's whole name reads below it.
  const chosen = active.find((x) => x.id === tpl);
  const chosenName = chosen && chosen.name.length > 40 ? chosen.name : null;
  const [emailError, setEmailError] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const checkEmail = (value: string) => {
    const bad = value.trim() !== '' && !EMAIL.test(value.trim());
    setEmailError(bad ? t('iv.emailInvalid') : null);
    return !bad;
  };

  const deadlineIso = deadline ? new Date(deadline + 'T23:59:00').toISOString() : null;
  const fieldErr = error instanceof ApiError ? error : null;
  // A refused invite (402: the month's interviews are used up) reads as an upgrade prompt.
  const quota = quotaFromError(error);

  // A retried Send (after an error) sends each invitation with the key it had: none is made twice.
  const inviteKeys = useRef(new ActionKey());
  const submitOne = async (e: FormEvent) => {
    e.preventDefault();
    if (!checkEmail(email)) { emailRef.current?.focus(); return; }
    setBusy(true); setError(null);
    try {
      const body = { template_id: tpl, candidate: { name: name.trim(), email: email.trim(), language: cLang }, deadline: deadlineIso };
      const inv = await inviteKeys.current.run(body, (key) => api.createInterview(body, key));
      setDone([{ inv }]);
      onInvited?.();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  const submitCsv = async () => {
    setBusy(true); setError(null);
    const todo = rows.filter((r) => !r.error);
    const candidates = (batch: CsvCandidate[]) => batch.map((row) => ({ name: row.name, email: row.email, language: row.language }));
    const { out, error: refused } = await inviteBatch(todo, async (batch) => {
      const body = { template_id: tpl, candidates: candidates(batch), deadline: deadlineIso };
      return (await inviteKeys.current.run(body, (key) => api.createInterviews(body, key))).items;
    });
    setBusy(false);
    if (refused) { setError(refused); return; }
    setDone(out);
    onInvited?.();
  };

  const valid = rows.filter((r) => !r.error);
  const footer = done.length ? <button type="button" className="btn primary" onClick={onClose}>{t('common.done')}</button> : <>
    <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
    {mode === 'one'
      ? <button type="submit" form="invite-one" className="btn primary" disabled={busy || !tpl || !name.trim() || !email.trim()}>{busy ? t('common.wait') : t('iv.send')}</button>
      : <button type="button" className="btn primary" onClick={submitCsv} disabled={busy || !tpl || valid.length === 0 || valid.length > BATCH_LIMIT}>{busy ? t('common.wait') : t('iv.sendN', { n: valid.length })}</button>}
  </>;

  return (
    <Dialog open onClose={onClose} title={t('iv.inviteTitle')} footer={footer}>
      {done.length > 0 ? (
        <div className="stack" aria-live="polite">
          <div className="alert ok" role="status"><Icon name="check" />{t('iv.invitedN', { n: done.filter((d) => d.inv).length })}</div>
          {quota && <QuotaPrompt quota={quota} role={me.role} />}
          <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 320, overflowY: 'auto' }}>
            {done.map((d, i) => (
              <li key={i} className="row wrap" style={{ justifyContent: 'space-between' }}>
                <div style={{ minWidth: 0 }}><div style={{ fontWeight: 560 }}>{d.inv?.candidate.name ?? d.row?.name}</div><div className="small muted">{d.inv?.candidate.email ?? d.row?.email}</div>{d.error && <div className="error-text">{d.error}</div>}</div>
                {d.inv && <CopyLink url={candidateLink(d.inv)} />}
              </li>
            ))}
          </ul>
          {done.length === 1 && done[0].inv && <div className="field"><label htmlFor="inv-link">{t('iv.link')}</label><input id="inv-link" className="input mono" readOnly value={candidateLink(done[0].inv)} onFocus={(e) => e.currentTarget.select()} /></div>}
        </div>
      ) : <>
        <div className="tabs" role="group" aria-label={t('iv.mode')}>
          <button type="button" className="tab" aria-pressed={mode === 'one'} onClick={() => setMode('one')}>{t('iv.one')}</button>
          <button type="button" className="tab" aria-pressed={mode === 'csv'} onClick={() => setMode('csv')}>{t('iv.csv')}</button>
        </div>
        {quota ? <QuotaPrompt quota={quota} role={me.role} /> : <ErrorAlert error={error} />}
        {active.length === 0 && <div className="alert warn">{t('iv.noActive')}</div>}
        <div className="form-grid">
          <div className="field span-all"><label htmlFor="inv-tpl">{t('iv.template')}</label>
            <select id="inv-tpl" className="select" value={tpl} onChange={(e) => setTpl(e.target.value)} aria-describedby={chosenName ? 'inv-tpl-name' : undefined}>{active.map((x) => <option key={x.id} value={x.id}>{x.name} (v{x.version})</option>)}</select>
            {chosenName && <span id="inv-tpl-name" className="hint wrap-anywhere">{chosenName}</span>}</div>
          <div className="field"><label htmlFor="inv-deadline">{t('iv.deadline')}</label><input id="inv-deadline" className="input" type="date" value={deadline} min={new Date().toISOString().slice(0, 10)} onChange={(e) => setDeadline(e.target.value)} /><span className="hint">{t('iv.deadlineHint')}</span></div>
        </div>
        {mode === 'one' ? (
          <form id="invite-one" className="stack" onSubmit={submitOne} noValidate>
            <div className="form-grid">
              <div className="field"><label htmlFor="inv-name">{t('iv.name')}</label><input id="inv-name" className="input" required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldErr?.fieldError('candidate.name')} aria-describedby="inv-name-err" /><span id="inv-name-err" className="error-text">{fieldErr?.fieldError('candidate.name')}</span></div>
              <div className="field"><label htmlFor="inv-email">{t('iv.email')}</label><input id="inv-email" ref={emailRef} className="input" type="email" required autoComplete="off" value={email} onChange={(e) => { setEmail(e.target.value); if (emailError) checkEmail(e.target.value); }} onBlur={(e) => checkEmail(e.target.value)} aria-invalid={!!(emailError || fieldErr?.fieldError('candidate.email'))} aria-describedby="inv-email-err" /><span id="inv-email-err" className="error-text">{emailError ?? fieldErr?.fieldError('candidate.email')}</span></div>
            </div>
            <div className="field"><label htmlFor="inv-lang">{t('iv.language')}</label><select id="inv-lang" className="select" value={cLang} onChange={(e) => setCLang(e.target.value as Lang)}>{LANGS.map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}</select></div>
          </form>
        ) : (
          <div className="stack">
            <div className="field"><label htmlFor="inv-file">{t('iv.csvFile')}</label>
              <input id="inv-file" className="input" type="file" accept=".csv,text/csv" aria-describedby="inv-file-hint" onChange={async (e) => { const f = e.target.files?.[0]; if (!f) return; setFileName(f.name); setRows(parseCandidatesCsv(await f.text(), lang)); }} />
              <span id="inv-file-hint" className="hint">{t('iv.csvHint')}</span></div>
            {fileName && <p aria-live="polite">{t('iv.csvParsed', { n: valid.length, bad: rows.length - valid.length })}</p>}
            {rows.some((r) => r.error) && <ul className="small error-text" style={{ margin: 0 }}>{rows.filter((r) => r.error).slice(0, 5).map((r) => <li key={r.line}>{t('iv.csvBad', { line: r.line })}: {t(`iv.csvErr.${r.error}` as 'iv.csvErr.email')}</li>)}</ul>}
            {valid.length > BATCH_LIMIT && <div className="alert warn" role="alert">{t('iv.csvTooMany', { n: BATCH_LIMIT })}</div>}
          </div>
        )}
      </>}
    </Dialog>
  );
}
