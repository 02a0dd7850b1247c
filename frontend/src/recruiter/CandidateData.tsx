// Export and erase one candidate's data (admins): the buttons on an interview's page and on the
// candidates' data screen. Erasure asks for confirmation first: it cannot be undone.
import { useState } from 'react';
import { api, type CandidateExport, type Erasure } from '../api';
import { useI18n } from '../i18n';
import { Dialog, ErrorAlert, Icon } from '../ui';
import { erasureSummary } from './privacyState';

export function ExportLink({ exported }: { exported: CandidateExport }) {
  const { t } = useI18n();
  return (
    <div className="alert ok" role="status">
      <Icon name="check" />
      <span>{t('privacy.exportReady', { n: exported.files })} <a href={exported.download_url} download>{t('privacy.download')}</a></span>
    </div>
  );
}

export function CandidateDataActions({ email, name, onErased }: { email: string; name: string; onErased?: (e: Erasure) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'export' | 'erase' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exported, setExported] = useState<CandidateExport | null>(null);
  const [erased, setErased] = useState<Erasure | null>(null);
  const [confirming, setConfirming] = useState(false);

  const doExport = async () => {
    setBusy('export'); setError(null);
    try { setExported(await api.exportCandidateData(email)); } catch (e) { setError(e); } finally { setBusy(null); }
  };
  const doErase = async () => {
    setBusy('erase'); setError(null);
    try {
      const result = await api.eraseCandidate(email);
      setErased(result); setConfirming(false); setExported(null); onErased?.(result);
    } catch (e) { setError(e); setConfirming(false); } finally { setBusy(null); }
  };

  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row" style={{ gap: 8, flexWrap: 'wrap' }}>
        <button type="button" className="btn" onClick={doExport} disabled={busy !== null || !!erased}>{busy === 'export' ? t('privacy.exporting') : t('privacy.export')}</button>
        <button type="button" className="btn danger" onClick={() => setConfirming(true)} disabled={busy !== null || !!erased}>{t('privacy.erase')}</button>
      </div>
      <ErrorAlert error={error} />
      {exported && <ExportLink exported={exported} />}
      {erased && <div className="alert ok" role="status"><Icon name="check" /><span>{erasureSummary(t, erased)}</span></div>}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={t('privacy.eraseTitle')} labelledBy="erase-title"
        footer={<>
          <button type="button" className="btn ghost" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
          <button type="button" className="btn danger" onClick={doErase} disabled={busy !== null}>{busy === 'erase' ? t('privacy.erasing') : t('privacy.eraseConfirm')}</button>
        </>}>
        <p>{t('privacy.eraseWarning', { name, email })}</p>
      </Dialog>
    </div>
  );
}
