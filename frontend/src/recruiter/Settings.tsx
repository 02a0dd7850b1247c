import { useState, type CSSProperties, type FormEvent } from "react";
import { ApiError, request, type Lang } from '../api';
import { LANG_NAMES, LANGS, useI18n } from '../i18n';
import { brandVars, contrast, loadPrefs, safeColor, savePrefs } from '../prefs';
import { ErrorAlert, Icon, copyText, useToast } from '../ui';
import { useSession } from './RecruiterApp';

/** Tries an endpoint the backend is still adding; false when it does not exist yet. */
async function tryPatch(path: string, body: unknown): Promise<boolean> {
  try { await request(path, { method: 'PATCH', body }); return true; } catch (e) {
    if (e instanceof ApiError && [404, 405, 501].includes(e.status)) return false;
    throw e;
  }
}

export function SettingsPage() {
  const { t } = useI18n();
  const toast = useToast();
  const { me, lang, setLang, reloadMe } = useSession();
  const local = loadPrefs();
  const [language, setLanguage] = useState<Lang>(lang);
  const [companyName, setCompanyName] = useState(local.companyName ?? me.company?.name ?? '');
  const [logo, setLogo] = useState(local.branding?.logo_url ?? me.company?.branding?.logo_url ?? '');
  const [color, setColor] = useState(safeColor(local.branding?.primary_color ?? me.company?.branding?.primary_color));
  // Candidates' help link; without it they write to the recruiter who invited them.
  const [supportEmail, setSupportEmail] = useState(me.company?.support_email ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localOnly, setLocalOnly] = useState<string[]>([]);
  // updateCompany is the admin's (hr and interviewers see the settings, disabled).
  const isAdmin = me.role === 'admin';
  const [retention, setRetention] = useState(String(me.company?.recording_retention_months ?? 12));
  // The privacy policy candidates see beside their consent to recording and AI analysis.
  const [privacyUrl, setPrivacyUrl] = useState(me.company?.privacy_url ?? '');
  const privacyValid = privacyUrl.trim() === '' || /^https:\/\/[^\s/?#]+\S*$/.test(privacyUrl.trim());
  const retentionMonths = Number(retention);
  const retentionValid = Number.isInteger(retentionMonths) && retentionMonths >= 1 && retentionMonths <= 24;
  const lowContrast = contrast(safeColor(color), '#ffffff') < 3;
  const origin = location.origin;
  const snippet = `<iframe src="${origin}/i/CANDIDATE_TOKEN?embed=1" title="Video interview" allow="camera; microphone; autoplay; fullscreen" style="width:100%;max-width:760px;height:720px;border:0;border-radius:12px"></iframe>
<script>
  window.addEventListener("message", function (e) {
    if (e.origin !== "${origin}" || !e.data || e.data.source !== "interviews") return;
    // e.data.type: "ready" | "step" | "progress" | "answer-uploaded" | "finished" | "error"
    console.log("interview", e.data.type, e.data);
  });
</script>`;

  const saveProfile = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const stored = await tryPatch('/me', { language });
      savePrefs({ language });
      setLang(language);
      if (stored) await reloadMe(); else setLocalOnly((x) => [...new Set([...x, 'profile'])]);
      toast(t('settings.saved'));
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const saveCompany = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const branding = { logo_url: logo.trim() || null, primary_color: safeColor(color) };
      const stored = await tryPatch('/company', { name: companyName.trim(), branding, ...(supportEmail.trim() || me.company?.support_email ? { support_email: supportEmail.trim() || null } : {}) });
      savePrefs({ companyName: companyName.trim(), branding });
      if (stored) await reloadMe(); else setLocalOnly((x) => [...new Set([...x, 'company'])]);
      toast(t('settings.saved'));
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  const saveRetention = async (e: FormEvent) => {
    e.preventDefault();
    if (!retentionValid || !privacyValid) return;
    setBusy(true); setError(null);
    try {
      await request('/company', { method: 'PATCH', body: { recording_retention_months: retentionMonths, ...(privacyUrl.trim() ? { privacy_url: privacyUrl.trim() } : {}) } });
      await reloadMe();
      toast(t('settings.saved'));
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  return (
    <div className="page">
      <div className="page-head"><div><h1>{t('nav.settings')}</h1><p className="sub">{t('settings.sub')}</p></div></div>
      <ErrorAlert error={error} />
      <div className="stack-lg">
        <section className="card" aria-labelledby="pref-h">
          <div className="card-head"><h2 id="pref-h">{t('settings.profile')}</h2></div>
          <form className="card-body stack" onSubmit={saveProfile}>
            <div className="field" style={{ maxWidth: 320 }}><label htmlFor="set-lang">{t('settings.language')}</label>
              <select id="set-lang" className="select" value={language} onChange={(e) => setLanguage(e.target.value as Lang)}>{LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}</select>
              <span className="hint">{t('settings.languageHint')}</span></div>
            {localOnly.includes('profile') && <div className="alert warn" role="status">{t('settings.localOnly')}</div>}
            <div><button className="btn primary" type="submit" disabled={busy}>{t('common.save')}</button></div>
          </form>
        </section>
        <section className="card" aria-labelledby="co-h">
          <div className="card-head"><h2 id="co-h">{t('settings.company')}</h2></div>
          <form className="card-body stack" onSubmit={saveCompany}>
            <div className="form-grid">
              <div className="field"><label htmlFor="co-name">{t('settings.companyName')}</label><input id="co-name" className="input" value={companyName} disabled={!isAdmin} onChange={(e) => setCompanyName(e.target.value)} /></div>
              <div className="field"><label htmlFor="co-logo">{t('settings.logo')}</label><input id="co-logo" className="input" type="url" placeholder="https://…/logo.svg" value={logo} disabled={!isAdmin} onChange={(e) => setLogo(e.target.value)} aria-describedby="co-logo-hint" /><span id="co-logo-hint" className="hint">{t('settings.logoHint')}</span></div>
              <div className="field"><label htmlFor="co-support">{t('settings.supportEmail')}</label><input id="co-support" className="input" type="email" autoComplete="email" value={supportEmail} disabled={!isAdmin} onChange={(e) => setSupportEmail(e.target.value)} aria-describedby="co-support-hint" /><span id="co-support-hint" className="hint">{t('settings.supportEmailHint')}{me.company?.support_email ? ` ${t('settings.supportEmailClear')}` : ''}</span></div>
              <div className="field"><label htmlFor="co-color">{t('settings.color')}</label>
                <div className="row"><input id="co-color" className="color-input" type="color" value={safeColor(color)} disabled={!isAdmin} onChange={(e) => setColor(e.target.value)} /><label className="sr-only" htmlFor="co-color-hex">{t('settings.colorHex')}</label><input id="co-color-hex" className="input mono" style={{ width: 110 }} value={color} disabled={!isAdmin} onChange={(e) => setColor(e.target.value)} /></div>
                {lowContrast && <span className="error-text">{t('settings.lowContrast')}</span>}
              </div>
            </div>
            <div>
              <div className="label" style={{ marginBottom: 6 }}>{t('settings.preview')}</div>
              <div className="card brand-scope" style={{ ...(brandVars(color) as CSSProperties), overflow: 'hidden', maxWidth: 520 }} aria-hidden="true">
                <div className="cand-head">{logo ? <img src={logo} alt="" /> : <span className="brand-mark">{(companyName || '?').slice(0, 1).toUpperCase()}</span>}<strong>{companyName}</strong></div>
                <div className="card-body stack"><span className="pill">{t('cand.qOf', { n: 1, total: 3 })}</span><div className="progress"><span style={{ width: '33%' }} /></div><div><span className="btn primary">{t('cand.start')}</span></div></div>
              </div>
            </div>
            {localOnly.includes('company') && <div className="alert warn" role="status">{t('settings.companyLocalOnly')}</div>}
            <div><button className="btn primary" type="submit" disabled={busy || !isAdmin}>{t('common.save')}</button></div>
          </form>
        </section>
        <section className="card" aria-labelledby="privacy-h">
          <div className="card-head"><h2 id="privacy-h">{t('settings.privacy')}</h2></div>
          <form className="card-body stack" onSubmit={saveRetention}>
            <div className="field" style={{ maxWidth: 420 }}><label htmlFor="co-retention">{t('settings.retention')}</label>
              <input id="co-retention" className="input" type="number" inputMode="numeric" min={1} max={24} step={1} style={{ width: 110 }} value={retention} disabled={!isAdmin} aria-invalid={!retentionValid} aria-describedby="co-retention-hint" onChange={(e) => setRetention(e.target.value)} />
              <span id="co-retention-hint" className="hint">{t('settings.retentionHint')}</span></div>
            <div className="field" style={{ maxWidth: 520 }}><label htmlFor="co-privacy-url">{t('settings.privacyUrl')}</label>
              <input id="co-privacy-url" className="input" type="url" inputMode="url" maxLength={2048} placeholder="https://…/privacy" value={privacyUrl} disabled={!isAdmin} aria-invalid={!privacyValid} aria-describedby="co-privacy-url-hint" onChange={(e) => setPrivacyUrl(e.target.value)} />
              <span id="co-privacy-url-hint" className="hint">{t('settings.privacyUrlHint')}</span>
              {!privacyValid && <span className="error-text" role="alert">{t('settings.privacyUrlInvalid')}</span>}</div>
            {!isAdmin && <p className="small muted">{t('settings.adminOnly')}</p>}
            <div><button className="btn primary" type="submit" disabled={busy || !isAdmin || !retentionValid || !privacyValid}>{t('common.save')}</button></div>
          </form>
        </section>
        <section className="card" aria-labelledby="embed-h">
          <div className="card-head"><h2 id="embed-h">{t('settings.embed')}</h2><span className="spacer" /><button type="button" className="btn sm" onClick={async () => { if (await copyText(snippet)) toast(t('iv.copied')); }}><Icon name="copy" />{t('settings.copySnippet')}</button></div>
          <div className="card-body stack">
            <p className="muted">{t('settings.embedHint')}</p>
            <pre className="code" tabIndex={0} aria-label={t('settings.embed')}>{snippet}</pre>
          </div>
        </section>
      </div>
    </div>
  );
}
