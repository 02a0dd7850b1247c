import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, isMfaChallenge, setToken, type Lang } from '../api';
import { LANG_NAMES, LANGS, useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { ErrorAlert } from '../ui';
import { savePrefs } from '../prefs';

type Field = 'company_name' | 'admin_name' | 'email' | 'password' | 'code';
type Errors = Partial<Record<Field, string>>;

/** The password policy of the user pool, checked as the API checks it. */
export function passwordProblems(p: string): MessageKey[] {
  const out: MessageKey[] = [];
  if (p.length < 12) out.push('signup.pwLength');
  if (!/[A-Z]/.test(p) || !/[a-z]/.test(p)) out.push('signup.pwCase');
  if (!/[0-9]/.test(p)) out.push('signup.pwDigit');
  if (!/[^A-Za-z0-9]/.test(p)) out.push('signup.pwSymbol');
  return out;
}

/**
 * Sign-up: the form, then the code emailed to the new admin, then sign-in with the password
 * just chosen. `confirmEmail` opens the code step directly (from the login page, when sign-in
 * says the address is not confirmed yet).
 */
export function SignUp({ onSignedIn, lang, setLang, confirmEmail }: { onSignedIn: () => void; lang: Lang; setLang: (l: Lang) => void; confirmEmail?: string }) {
  const { t } = useI18n();
  const [step, setStep] = useState<'form' | 'code'>(confirmEmail ? 'code' : 'form');
  const [company, setCompany] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(confirmEmail ?? '');
  const [password, setPassword] = useState('');
  const [language, setLanguage] = useState<Lang>(lang);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const chooseLanguage = (l: Lang) => { setLanguage(l); setLang(l); savePrefs({ language: l }); };
  const tooMany = (err: ApiError) => new Error(t('signup.tooMany', { s: Number(err.extensions.retry_after_seconds ?? 60) }));

  const register = async (e: FormEvent) => {
    e.preventDefault();
    const local: Errors = {};
    if (!company.trim()) local.company_name = t('signup.required');
    if (!name.trim()) local.admin_name = t('signup.required');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = t('signup.emailInvalid');
    if (passwordProblems(password).length) local.password = t('signup.pwPolicy');
    setErrors(local); setError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api.registerCompany({ company_name: company.trim(), admin_name: name.trim(), email: email.trim(), password, language });
      setStep('code');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setErrors({ email: t('signup.emailTaken') });
      else if (err instanceof ApiError && err.status === 422 && err.errors.length) {
        const named: Errors = {};
        for (const f of ['company_name', 'admin_name', 'email', 'password'] as const) {
          if (err.fieldError(f)) named[f] = f === 'password' ? t('signup.pwPolicy') : f === 'email' ? t('signup.emailInvalid') : t('signup.required');
        }
        setErrors(named);
      } else if (err instanceof ApiError && err.status === 429) setError(tooMany(err));
      else setError(err);
    } finally { setBusy(false); }
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s/g, '');
    setErrors({}); setError(null); setNotice(null);
    if (!/^\d{6}$/.test(digits)) { setErrors({ code: t('signup.codeFormat') }); return; }
    setBusy(true);
    try {
      await api.confirmRegistration(email.trim(), digits);
      if (!password) { setNotice(t('signup.confirmedSignIn')); setBusy(false); return; }
      const res = await api.login(email.trim(), password);
      if (isMfaChallenge(res)) { setNotice(t('signup.confirmedSignIn')); setBusy(false); return; }
      setToken(res.access_token, true);
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setErrors({ code: t('signup.codeWrong', { n: Number(err.extensions.attempts_left ?? 0) }) });
      else if (err instanceof ApiError && err.status === 410) setErrors({ code: t('signup.codeGone') });
      else if (err instanceof ApiError && err.status === 422) setErrors({ code: t('signup.codeFormat') });
      else if (err instanceof ApiError && err.status === 429) setError(tooMany(err));
      else setError(err);
      setBusy(false);
    }
  };

  const resend = async () => {
    setErrors({}); setError(null); setNotice(null);
    try {
      await api.resendRegistrationCode(email.trim());
      setNotice(t('signup.codeResent', { email: email.trim() }));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? tooMany(err) : err);
    }
  };

  const field = (id: Field, label: string, input: ReactElement, hint?: string) => (
    <div className="field">
      <label htmlFor={`su-${id}`}>{label}</label>
      {input}
      {hint && <span className="hint" id={`su-${id}-hint`}>{hint}</span>}
      <span id={`su-${id}-err`} className="error-text">{errors[id]}</span>
    </div>
  );
  const aria = (id: Field) => ({ id: `su-${id}`, 'aria-invalid': !!errors[id], 'aria-describedby': `su-${id}-err${id === 'password' || id === 'code' ? ` su-${id}-hint` : ''}` });
  const policy = passwordProblems(password);

  return (
    <div className="auth">
      <main className="card" aria-labelledby="signup-title">
        <div className="stack-lg">
          <div className="row"><span className="logo-mark" aria-hidden="true" /><span style={{ fontWeight: 680 }}>Interviews</span></div>
          <div>
            <h1 id="signup-title">{step === 'form' ? t('signup.title') : t('signup.codeTitle')}</h1>
            <p className="muted wrap-anywhere" style={{ marginTop: 4 }}>{step === 'form' ? t('signup.sub') : t('signup.codeSub', { email: email.trim() })}</p>
          </div>
          {step === 'form' ? (
            <form className="stack" onSubmit={register} noValidate>
              <ErrorAlert error={error} />
              {field('company_name', t('signup.company'), <input {...aria('company_name')} className="input" autoComplete="organization" required value={company} onChange={(e) => setCompany(e.target.value)} />)}
              {field('admin_name', t('signup.name'), <input {...aria('admin_name')} className="input" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />)}
              {field('email', t('login.email'), <input {...aria('email')} className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />)}
              {field('password', t('login.password'), <input {...aria('password')} className="input" type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(e) => setPassword(e.target.value)} />,
                password && policy.length ? `${t('signup.pwMissing')} ${policy.map((k) => t(k)).join(', ')}` : t('login.newPasswordHint'))}
              <div className="field">
                <label htmlFor="su-language">{t('signup.language')}</label>
                <select id="su-language" className="select" value={language} onChange={(e) => chooseLanguage(e.target.value as Lang)}>
                  {LANGS.map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}
                </select>
              </div>
              <button className="btn primary lg block" type="submit" disabled={busy}>{busy ? t('common.wait') : t('signup.submit')}</button>
              <p className="small muted" style={{ textAlign: 'center' }}>{t('signup.haveAccount')} <Link className="inline-link" to="/app/login">{t('login.submit')}</Link></p>
            </form>
          ) : (
            <form className="stack" onSubmit={confirm} noValidate>
              <ErrorAlert error={error} />
              {notice && <div className="alert ok wrap-anywhere" role="status">{notice}</div>}
              {!confirmEmail ? null : field('email', t('login.email'), <input {...aria('email')} className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />)}
              {field('code', t('signup.code'), <input {...aria('code')} className="input mono" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />, t('signup.codeHint'))}
              <button className="btn primary lg block" type="submit" disabled={busy || code.replace(/\s/g, '').length < 6}>{busy ? t('common.wait') : t('signup.confirm')}</button>
              <button type="button" className="btn ghost" onClick={() => void resend()} disabled={!email.trim()}>{t('signup.resend')}</button>
              <p className="small muted" style={{ textAlign: 'center' }}><Link className="inline-link" to="/app/login">{t('signup.backToSignIn')}</Link></p>
            </form>
          )}
        </div>
      </main>
    </div>
  );
}
