import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { useLocation, match, Redirect } from './router';
import { Spinner } from './ui';

const RecruiterApp = lazy(() => import('./recruiter/RecruiterApp'));
const CandidateApp = lazy(() => import('./candidate/CandidateApp'));
const PrivacyRequestPage = lazy(() => import('./candidate/PrivacyRequest'));
// A hiring manager's share link (issue 12): /shared#<token>, no sign-in.
const SharedApp = lazy(() => import('./shared/SharedApp'));
// A live interview's candidate link (issue 13): consent, device check, the room.
const CandidateLive = lazy(() => import('./live/CandidateLive'));

function Root() {
  const { path } = useLocation();
  const live = match('/i/live/:token', path);
  if (live) return <Suspense fallback={<Spinner label="Loading" />}><CandidateLive token={live.token} /></Suspense>;
  const cand = match('/i/:token', path);
  if (cand) return <Suspense fallback={<Spinner label="Loading" />}><CandidateApp token={cand.token} /></Suspense>;
  // A candidate's data request, from the signed link in their emails (issue 17).
  if (path === '/privacy') return <Suspense fallback={<Spinner label="Loading" />}><PrivacyRequestPage /></Suspense>;
  if (path === '/shared') return <Suspense fallback={<Spinner label="Loading" />}><SharedApp /></Suspense>;
  if (!path.startsWith('/app')) return <Redirect to="/app" />;
  return <Suspense fallback={<Spinner label="Loading" />}><RecruiterApp path={path} /></Suspense>;
}

createRoot(document.getElementById('root')!).render(<StrictMode><Root /></StrictMode>);
