import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, getToken, setToken, setUnauthorizedHandler, type Lang, type Me } from '../api';
import { I18nProvider, isLang, useI18n } from '../i18n';
import { Link, match, navigate, Redirect } from '../router';
import { Icon, initials, Spinner, ToastProvider } from '../ui';
import { loadPrefs } from '../prefs';
import { Login } from './Login';
import { SignUp } from './SignUp';
import { Dashboard } from './Dashboard';
import { InterviewsPage } from './Interviews';
import { InterviewPage } from './InterviewDetail';
import { TemplatesPage } from './Templates';
import { TemplateEditor } from './TemplateEditor';
import { SettingsArea } from './admin/SettingsArea';
import { BillingPage } from './Billing';
import { PrivacyPage } from './Privacy';
// The analytics and comparison pages load on first visit (a chunk each), not with the app.
const AnalyticsPage = lazy(() => import('./Analytics').then((m) => ({ default: m.AnalyticsPage })));
const ComparePage = lazy(() => import('./Compare').then((m) => ({ default: m.ComparePage })));
import { Bell } from './Bell';
// Live interviews (issue 13): their pages and the room load on first visit.
const LiveListPage = lazy(() => import('../live/LivePages').then((m) => ({ default: m.LiveListPage })));
const LiveDetailPage = lazy(() => import('../live/LivePages').then((m) => ({ default: m.LiveDetailPage })));
const RecruiterRoom = lazy(() => import('../live/RecruiterRoom'));

interface Session { me: Me; lang: Lang; setLang: (l: Lang) => void; signOut: () => void; reloadMe: () => Promise<void> }
const SessionCtx = createContext<Session | null>(null);
export const useSession = () => useContext(SessionCtx)!;

function initialLang(): Lang {
  const p = loadPrefs().language;
  if (p) return p;
  const nav = (navigator.language || 'en').slice(0, 2);
  return isLang(nav) ? nav : 'en';
}

export default function RecruiterApp({ path }: { path: string }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(!!getToken());
  const [lang, setLang] = useState<Lang>(initialLang);

  const signOut = useCallback(() => {
    const token = getToken();
    if (token) void api.logout(token).catch(() => undefined);
    setToken(null); setMe(null); navigate('/app/login');
  }, []);
  const reloadMe = useCallback(async () => {
    try {
      const m = await api.getMe();
      setMe(m);
      // The user's saved preference wins; a preference kept on this device covers the API gap.
      const local = loadPrefs().language;
      setLang(local ?? (isLang(m.language) ? m.language : 'en'));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) { setToken(null); setMe(null); }
    } finally { setLoading(false); }
  }, []);

  useEffect(() => { setUnauthorizedHandler(() => { setToken(null); setMe(null); navigate('/app/login', true); }); return () => setUnauthorizedHandler(null); }, []);
  useEffect(() => { if (getToken()) void reloadMe(); else setLoading(false); }, [reloadMe]);
  useEffect(() => { document.documentElement.lang = lang; }, [lang]);

  let content: ReactNode;
  const onSignedIn = async () => { setLoading(true); await reloadMe(); const next = new URLSearchParams(location.search).get('next'); navigate(next && next.startsWith('/app') ? next : '/app', true); };
  const publicPage = path === '/app/login' || path === '/app/signup';
  if (loading) content = <Spinner />;
  else if (path === '/app/signup' && !me) {
    const confirm = new URLSearchParams(location.search).get('confirm') ?? undefined;
    content = <SignUp key={confirm ?? 'new'} onSignedIn={() => { setLoading(true); void reloadMe().then(() => navigate('/app', true)); }} lang={lang} setLang={setLang} confirmEmail={confirm} />;
  } else if (!me || publicPage) {
    if (me && publicPage) content = <Redirect to="/app" />;
    else if (path !== '/app/login') content = <Redirect to={'/app/login?next=' + encodeURIComponent(path + location.search)} />;
    else {
      content = <Login onSignedIn={onSignedIn} lang={lang} setLang={setLang} />;
    }
  } else {
    content = (
      <SessionCtx.Provider value={{ me, lang, setLang, signOut, reloadMe }}>
        <ToastProvider><Shell path={path} /></ToastProvider>
      </SessionCtx.Provider>
    );
  }
  return <I18nProvider lang={lang}>{content}</I18nProvider>;
}

function Shell({ path }: { path: string }) {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);

  let page: ReactNode;
  let m: Record<string, string> | null;
  // Interviewers review what they are assigned: no templates (nor their editor), no billing.
  const manager = me.role !== 'interviewer';
  if (path === '/app' || path === '/app/') page = <Dashboard />;
  else if (path === '/app/interviews') page = <InterviewsPage />;
  // Keyed by the query too: a notification's link to the open interview lands on its comment.
  else if ((m = match('/app/interviews/:id', path))) page = <InterviewPage key={m.id + location.search} id={m.id} />;
  else if (path === '/app/templates' && manager) page = <TemplatesPage />;
  else if (path === '/app/templates/new' && manager) page = <TemplateEditor key="new" />;
  else if (manager && (m = match('/app/templates/:id', path))) page = <TemplateEditor key={m.id} id={m.id} />;
  // The settings area: general settings and the admin screens (team, security, webhooks...).
  else if (path === '/app/settings' || path.startsWith('/app/settings/')) page = <SettingsArea path={path} />;
  else if (path === '/app/billing' && manager) page = <BillingPage />;
  else if (path === '/app/privacy' && me.role === 'admin') page = <PrivacyPage />;
  else if (path === '/app/analytics' && manager) page = <Suspense fallback={<Spinner />}><AnalyticsPage /></Suspense>;
  else if (path === '/app/live') page = <Suspense fallback={<Spinner />}><LiveListPage /></Suspense>;
  else if ((m = match('/app/live/:id/room', path))) page = <Suspense fallback={<Spinner />}><RecruiterRoom key={m.id} id={m.id} /></Suspense>;
  else if ((m = match('/app/live/:id', path))) page = <Suspense fallback={<Spinner />}><LiveDetailPage key={m.id} id={m.id} /></Suspense>;
  else if (path === '/app/compare') page = <Suspense fallback={<Spinner />}><ComparePage /></Suspense>;
  else page = <div className="page"><div className="card empty"><h1>{t('common.notFound')}</h1><p><Link to="/app">{t('nav.dashboard')}</Link></p></div></div>;

  const links: [string, string, string][] = [
    ['/app', 'home', t('nav.dashboard')],
    ['/app/interviews', 'users', t('nav.interviews')],
    ['/app/live', 'camera', t('nav.live')],
    ['/app/templates', 'file', t('nav.templates')],
    ['/app/analytics', 'chart', t('nav.analytics')],
    ['/app/billing', 'card', t('nav.billing')],
    ['/app/privacy', 'archive', t('nav.privacy')],
    ['/app/settings', 'gear', t('nav.settings')],
  ].filter(([to]) => !['/app/templates', '/app/analytics', '/app/billing'].includes(to) || manager)
    .filter(([to]) => to !== '/app/privacy' || me.role === 'admin') as [string, string, string][];
  const current = (to: string) => (to === '/app' ? path === '/app' || path === '/app/' : path.startsWith(to));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('common.skip')}</a>
      {open && <div className="scrim" onClick={() => setOpen(false)} aria-hidden="true" />}
      <aside className="sidebar" data-open={open} aria-label={t('nav.label')}>
        <div className="logo"><span className="logo-mark" aria-hidden="true" />{me.company?.name || 'Interviews'}</div>
        <nav className="nav" aria-label={t('nav.label')}>
          {links.map(([to, icon, label]) => <Link key={to} to={to} aria-current={current(to) ? 'page' : undefined}><Icon name={icon} />{label}</Link>)}
        </nav>
        <div className="sidebar-foot">
          <div className="user-chip"><span className="avatar" aria-hidden="true">{initials(me.name || me.email)}</span><div style={{ minWidth: 0 }}><div style={{ fontWeight: 560, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.name || me.email}</div><div className="small muted">{t(`role.${me.role}` as 'role.hr')}</div></div></div>
          <button type="button" className="btn ghost sm" style={{ justifyContent: 'flex-start' }} onClick={signOut}><Icon name="logout" />{t('nav.signOut')}</button>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <button type="button" className="btn ghost icon mobile-only" aria-label={t('nav.menu')} aria-expanded={open} onClick={() => setOpen(!open)}><Icon name="menu" size={18} /></button>
          <span className="logo mobile-only" style={{ padding: 0 }}><span className="logo-mark" aria-hidden="true" />{me.company?.name || 'Interviews'}</span>
          <span className="spacer" />
          <Bell path={path} />
        </header>
        <main id="main" tabIndex={-1}>{page}</main>
      </div>
    </div>
  );
}
