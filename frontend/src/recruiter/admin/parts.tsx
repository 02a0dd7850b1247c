// Pieces the admin screens share: a secret shown once, a QR code, a confirmation dialog.
import { useMemo, useState, type ReactNode } from 'react';
import { encode } from 'uqr';
import { useI18n } from '../../i18n';
import { Dialog, Icon, copyText } from '../../ui';
import { qrPath } from './adminState';

/** A secret the server shows only now (a temporary password, a key, a signing secret). */
export function SecretOnce({ label, value, hint, onDone }: { label: string; value: string; hint: string; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert ok secret-once" role="status">
      <Icon name="check" />
      <div className="stack" style={{ minWidth: 0, flex: 1, gap: 8 }}>
        <strong>{label}</strong>
        <code className="mono secret-value" data-testid="secret-value">{value}</code>
        <span className="small">{hint}</span>
        <div className="row wrap">
          <button type="button" className="btn sm" onClick={async () => setCopied(await copyText(value))}><Icon name="copy" />{copied ? t('admin.copied') : t('admin.copy')}</button>
          <button type="button" className="btn sm ghost" onClick={onDone}>{t('admin.secretDone')}</button>
        </div>
      </div>
    </div>
  );
}

/** The otpauth URI as a QR code (uqr: no dependency, drawn here as one SVG path). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = useMemo(() => encode(text, { ecc: 'M', border: 2 }), [text]);
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${qr.size} ${qr.size}`} width={200} height={200} shapeRendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qrPath(qr.data)} fill="#000" />
    </svg>
  );
}

export function Confirm({ open, title, children, confirm, danger = true, busy, onConfirm, onClose }: { open: boolean; title: string; children: ReactNode; confirm: string; danger?: boolean; busy?: boolean; onConfirm: () => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onClose={onClose} title={title} labelledBy="confirm-title"
      footer={<><button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button><button type="button" className={`btn ${danger ? 'danger' : 'primary'}`} disabled={busy} onClick={onConfirm}>{confirm}</button></>}>
      {children}
    </Dialog>
  );
}
