// Candidates' data (admins): the requests candidates sent from their emails, to approve or deny,
// and export or erasure of any candidate by email.
import { useState } from 'react';
import { api, type DataRequest, type DataRequestApproval } from '../api';
import { useI18n } from '../i18n';
import { Dialog, ErrorAlert, Spinner } from '../ui';
import { CandidateDataActions, ExportLink } from './CandidateData';
import { useAsync } from './hooks';
import { erasureSummary, orderRequests } from './privacyState';

function RequestRow({ item, onDone }: { item: DataRequest; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<DataRequestApproval | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(item.created_at));

  const approve = async () => {
    setBusy(true); setError(null);
    try { setResult(await api.approveDataRequest(item.id)); setConfirming(false); onDone(); } catch (e) { setError(e); setConfirming(false); } finally { setBusy(false); }
  };
  const deny = async () => {
    setBusy(true); setError(null);
    try { await api.denyDataRequest(item.id, reason.trim()); setDenying(false); onDone(); } catch (e) { setError(e); } finally { setBusy(false); }
  };

  return (
    <li className="card stack" style={{ gap: 8 }}>
      <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <strong>{item.name}</strong><span className="muted">{item.email}</span>
        <span className="badge">{t(`privacy.kind.${item.kind}` as 'privacy.kind.export')}</span>
        <span className={`badge s-${item.status}`}>{t(`privacy.status.${item.status}` as 'privacy.status.pending')}</span>
        <span className="spacer" /><span className="small muted">{when}</span>
      </div>
      {item.reason && <p className="small muted" style={{ margin: 0 }}>{item.reason}</p>}
      {item.status === 'pending' && !result && (
        <div className="row" style={{ gap: 8 }}>
          <button type="button" className={item.kind === 'erasure' ? 'btn danger' : 'btn primary'} disabled={busy}
            onClick={() => (item.kind === 'erasure' ? setConfirming(true) : void approve())}>{t('privacy.approve')}</button>
          <button type="button" className="btn ghost" disabled={busy} onClick={() => setDenying(true)}>{t('privacy.deny')}</button>
        </div>
      )}
      <ErrorAlert error={error} />
      {result?.export && <ExportLink exported={result.export} />}
      {result?.erasure && <div className="alert ok" role="status"><span>{erasureSummary(t, result.erasure)}</span></div>}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('privacy.eraseTitle')} labelledBy={`erase-${item.id}`}
        footer={<>
          <button type="button" className="btn ghost" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
          <button type="button" className="btn danger" disabled={busy} onClick={approve}>{busy ? t('privacy.erasing') : t('privacy.eraseConfirm')}</button>
        </>}>
        <p>{t('privacy.eraseWarning', { name: item.name, email: item.email })}</p>
      </Dialog>
      <Dialog open={denying} onClose={() => setDenying(false)} title={t('privacy.denyTitle')} labelledBy={`deny-${item.id}`}
        footer={<>
          <button type="button" className="btn ghost" onClick={() => setDenying(false)}>{t('common.cancel')}</button>
          <button type="button" className="btn primary" disabled={busy || !reason.trim()} onClick={deny}>{t('privacy.deny')}</button>
        </>}>
        <label className="field"><span>{t('privacy.denyReason')}</span>
          <textarea value={reason} maxLength={1000} rows={3} onChange={(e) => setReason(e.target.value)} />
        </label>
      </Dialog>
    </li>
  );
}

export function PrivacyPage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(() => api.listDataRequests(), []);
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState('');
  const items = orderRequests(data?.items ?? []);
  const pending = items.filter((r) => r.status === 'pending').length;
  return (
    <div className="page stack">
      <h1>{t('privacy.title')}</h1>
      <p className="muted">{t('privacy.intro')}</p>
      <section className="card stack" aria-labelledby="privacy-requests">
        <h2 id="privacy-requests">{t('privacy.requests')}</h2>
        <p className="muted" style={{ margin: 0 }}>{t('privacy.pendingN', { n: pending })}</p>
        <ErrorAlert error={error} />
        {loading && !data ? <Spinner /> : (
          <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((r) => <RequestRow key={r.id} item={r} onDone={() => void reload(true)} />)}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="privacy-person">
        <h2 id="privacy-person">{t('privacy.byEmail')}</h2>
        <form className="row" style={{ gap: 8 }} onSubmit={(e) => { e.preventDefault(); setChosen(email.trim()); }}>
          <label className="field" style={{ flex: 1 }}><span>{t('privacy.email')}</span>
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <button type="submit" className="btn" style={{ alignSelf: 'flex-end' }}>{t('privacy.choose')}</button>
        </form>
        {chosen && <CandidateDataActions key={chosen} email={chosen} name={chosen} />}
      </section>
    </div>
  );
}
