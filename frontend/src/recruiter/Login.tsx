import { useState, type FormEvent } from 'react';
import { api, ApiError, isMfaChallenge, setToken, type Lang } from '../api';
import { LANG_NAMES, LANGS, useI18n } from '../i18n';
import { ErrorAlert } from '../ui';
import { Link } from '../router';
import { savePrefs } from '../prefs';

export function Login({ onSignedIn, lang, setLang }: { onSignedIn: () => void; lang: Lang; setLang: (l: Lang) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(true);
  const [mfa, setMfa] = useState<{ session: string; challenge: string } | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const choosing = mfa?.challenge === 'NEW_PASSWORD_REQUIRED';
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unconfirmed, setUnconfirmed] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null); setUnconfirmed(false);
    try {
      const res = mfa
        ? await api.respondToChallenge(email.trim(), mfa.challenge, mfa.session, choosing ? { new_password: newPassword } : { code: code.replace(/\s/g, '') })
        : await api.login(email.trim(), password);
      if (isMfaChallenge(res)) { setMfa({ session: res.session, challenge: res.challenge }); setCode(''); setBusy(false); return; }
      setToken(res.access_token, remember);
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 403 && err.extensions.code === 'email_not_confirmed') { setUnconfirmed(true); setBusy(false); return; }
      setError(err instanceof ApiError && err.status === 401 ? new Error(mfa ? t('login.badCode') : t('login.bad')) : err instanceof ApiError && err.status === 422 && mfa && !choosing ? new Error(t('login.badCode')) : err);
      setBusy(false);
    }
  };

  return (
    <div className="auth">
      <main className="card" aria-labelledby="login-title">
        <div className="stack-lg">
          <div className="row"><span className="logo-mark" aria-hidden="true" /><span style={{ fontWeight: 680 }}>Interviews</span><span className="spacer" />
            <label className="sr-only" htmlFor="login-lang">{t('settings.language')}</label>
            <select id="login-lang" className="select" style={{ width: 'auto', minHeight: 30, padding: '2px 6px' }} value={lang} onChange={(e) => { const l = e.target.value as Lang; setLang(l); savePrefs({ language: l }); }}>
              {LANGS.map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}
            </select>
          </div>
          <div><h1 id="login-title">{choosing ? t('login.newPasswordTitle') : mfa ? t('login.mfaTitle') : t('login.title')}</h1><p className="muted" style={{ marginTop: 4 }}>{choosing ? t('login.newPasswordSub') : mfa ? t('login.mfaSub') : t('login.sub')}</p></div>
          <form className="stack" onSubmit={submit} noValidate>
            <ErrorAlert error={error} />
            {unconfirmed && <div className="alert bad" role="alert"><span>{t('login.unconfirmed')} <Link className="inline-link" to={`/app/signup?confirm=${encodeURIComponent(email.trim())}`}>{t('login.enterCode')}</Link></span></div>}
            {!mfa ? <>
              <div className="field"><label htmlFor="email">{t('login.email')}</label><input id="email" className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} /></div>
              <div className="field"><label htmlFor="password">{t('login.password')}</label><input id="password" className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></div>
              <label className="checkbox"><input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />{t('login.remember')}</label>
            </> : choosing ? (
              <div className="field"><label htmlFor="new-password">{t('login.newPassword')}</label><input id="new-password" className="input" type="password" autoComplete="new-password" minLength={12} required autoFocus value={newPassword} onChange={(e) => setNewPassword(e.target.value)} /><span className="hint">{t('login.newPasswordHint')}</span></div>
            ) : (
              <div className="field"><label htmlFor="code">{t('login.code')}</label><input id="code" className="input mono" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required autoFocus value={code} onChange={(e) => setCode(e.target.value)} /><span className="hint">{t('login.codeHint')}</span></div>
            )}
            <button className="btn primary lg block" type="submit" disabled={busy || (!mfa && (!email || !password)) || (!!mfa && !choosing && code.replace(/\s/g, '').length < 6) || (choosing && newPassword.length < 12)}>{busy ? t('common.wait') : choosing ? t('login.setPassword') : mfa ? t('login.verify') : t('login.submit')}</button>
            {mfa && <button type="button" className="btn ghost" onClick={() => { setMfa(null); setCode(''); }}>{t('common.back')}</button>}
            {!mfa && <p className="small muted" style={{ textAlign: 'center' }}>{t('login.noAccount')} <Link className="inline-link" to="/app/signup">{t('login.signUp')}</Link></p>}
          </form>
        </div>
      </main>
    </div>
  );
}
