// The page a candidate reaches from the link in any of their emails: ask the company for a copy
// of their data or for its erasure. The signed token in the link is the only credential.
import { useState } from 'react';
import { api, type DataRequestKind, type DataRequestReceipt, type Lang } from '../api';
import { I18nProvider, isLang, useI18n } from '../i18n';
import { Dialog, ErrorAlert } from '../ui';

function Page({ token }: { token: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<DataRequestReceipt | null>(null);
  const [confirming, setConfirming] = useState(false);
  const ask = async (kind: DataRequestKind) => {
    setBusy(true); setError(null);
    try { setSent(await api.requestCandidateData(token, kind)); setConfirming(false); } catch (e) { setError(e); setConfirming(false); } finally { setBusy(false); }
  };
  return (
    <main id="main" className="page narrow stack" style={{ maxWidth: 560, margin: '40px auto' }}>
      <h1>{t('cpriv.title')}</h1>
      <p>{t('cpriv.intro')}</p>
      {!token && <div className="alert bad" role="alert">{t('cpriv.noToken')}</div>}
      {sent ? (
        <div className="alert ok" role="status">{t(sent.kind === 'export' ? 'cpriv.sentExport' : 'cpriv.sentErasure')}</div>
      ) : token && (
        <div className="stack" style={{ gap: 8 }}>
          <button type="button" className="btn primary" disabled={busy} onClick={() => void ask('export')}>{t('cpriv.export')}</button>
          <p className="small muted" style={{ margin: 0 }}>{t('cpriv.exportHelp')}</p>
          <button type="button" className="btn danger" disabled={busy} onClick={() => setConfirming(true)}>{t('cpriv.erase')}</button>
          <p className="small muted" style={{ margin: 0 }}>{t('cpriv.eraseHelp')}</p>
        </div>
      )}
      <ErrorAlert error={error} />
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('cpriv.eraseTitle')} labelledBy="cpriv-erase"
        footer={<>
          <button type="button" className="btn ghost" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
          <button type="button" className="btn danger" disabled={busy} onClick={() => void ask('erasure')}>{t('cpriv.eraseConfirm')}</button>
        </>}>
        <p>{t('cpriv.eraseWarning')}</p>
      </Dialog>
    </main>
  );
}

export default function PrivacyRequestPage() {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const nav = (navigator.language || 'en').slice(0, 2);
  const lang: Lang = isLang(nav) ? nav : 'en';
  return <I18nProvider lang={lang}><Page token={token} /></I18nProvider>;
}
