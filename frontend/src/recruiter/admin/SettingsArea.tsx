// The settings area: a sub-navigation over the general settings and the admin screens. Each tab
// shows only to the roles the API serves it to (adminState.settingsTabs).
import { lazy, Suspense } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { Spinner } from '../../ui';
import { useSession } from '../RecruiterApp';
import { SettingsPage } from '../Settings';
import { settingsTabs, tabOfPath, tabPath, type SettingsTab } from './adminState';

// The admin screens load on first visit (one chunk), not with the app.
const screens = () => import('./screens');
const TeamPage = lazy(() => screens().then((m) => ({ default: m.TeamPage })));
const SecurityPage = lazy(() => screens().then((m) => ({ default: m.SecurityPage })));
const NotificationsPage = lazy(() => screens().then((m) => ({ default: m.NotificationsPage })));
const WebhooksPage = lazy(() => screens().then((m) => ({ default: m.WebhooksPage })));
const ApiKeysPage = lazy(() => screens().then((m) => ({ default: m.ApiKeysPage })));
const HooksPage = lazy(() => screens().then((m) => ({ default: m.HooksPage })));

const LABEL: Record<SettingsTab, MessageKey> = {
  general: 'admin.tab.general', team: 'admin.tab.team', security: 'admin.tab.security', notifications: 'admin.tab.notifications',
  webhooks: 'admin.tab.webhooks', 'api-keys': 'admin.tab.apiKeys', hooks: 'admin.tab.hooks',
};

export function SettingsArea({ path }: { path: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const tabs = settingsTabs(me.role);
  const tab = tabOfPath(path);
  let page;
  if (!tab || !tabs.includes(tab)) page = <div className="page"><div className="card empty"><h1>{t('common.notFound')}</h1></div></div>;
  else if (tab === 'general') page = <SettingsPage />;
  else {
    const Screen = { team: TeamPage, security: SecurityPage, notifications: NotificationsPage, webhooks: WebhooksPage, 'api-keys': ApiKeysPage, hooks: HooksPage }[tab];
    page = <Suspense fallback={<Spinner />}><Screen /></Suspense>;
  }
  return (
    <div className="settings-area">
      <div className="page settings-nav">
        <nav className="subnav" aria-label={t('admin.subnav')}>
          {tabs.map((x) => <Link key={x} to={tabPath(x)} aria-current={x === tab ? 'page' : undefined}>{t(LABEL[x])}</Link>)}
        </nav>
      </div>
      {page}
    </div>
  );
}
