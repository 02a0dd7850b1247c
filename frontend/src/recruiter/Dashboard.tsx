import { api, type InterviewStatus } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Icon, StatusBadge } from '../ui';
import { useAsync } from './hooks';
import { useSession } from './RecruiterApp';
import { InviteButton } from './Invite';
import { Onboarding } from './Onboarding';

export const STATUSES: InterviewStatus[] = ['pending', 'in_progress', 'completed', 'analyzed', 'expired', 'cancelled'];

export function Dashboard() {
  const { t, fmtDate } = useI18n();
  const { me } = useSession();
  const counts = useAsync(async () => {
    const { by_status } = await api.getInterviewStats();
    return Object.fromEntries(STATUSES.map((s) => [s, { n: by_status[s] ?? 0, more: false }])) as Record<InterviewStatus, { n: number; more: boolean }>;
  }, []);
  const recent = useAsync(() => api.listInterviews({ limit: 8 }), []);
  // Interviewers see their assigned interviews only, never the templates.
  const manager = me.role !== 'interviewer';
  const templates = useAsync(() => (manager ? api.listTemplates({ status: 'active', limit: 100 }) : Promise.resolve({ items: [], next_cursor: null })), [manager]);
  const toReview = counts.data ? counts.data.completed.n + counts.data.analyzed.n : null;
  // The checklist's ticks: any template at all (draft included), any interview at all.
  const anyTemplate = useAsync(() => (manager ? api.listTemplates({ limit: 1 }) : Promise.resolve({ items: [], next_cursor: null })), [manager]);
  const invited = counts.data ? STATUSES.reduce((sum, s) => sum + counts.data![s].n, 0) : null;

  return (
    <div className="page">
      <div className="page-head">
        <div><h1>{t('dash.hello', { name: (me.name || '').split(' ')[0] || me.email })}</h1><p className="sub">{toReview === null ? '\u00a0' : t('dash.toReview', { n: toReview })}</p></div>
        <span className="spacer" />
        {manager && <Link className="btn" to="/app/templates/new"><Icon name="plus" />{t('tpl.new')}</Link>}
        {manager && <InviteButton templates={templates.data?.items ?? []} onInvited={() => { void counts.reload(true); void recent.reload(true); }} />}
      </div>
      <ErrorAlert error={counts.error || recent.error} />
      {manager && <Onboarding companyId={me.company.id} templates={anyTemplate.data ? anyTemplate.data.items.length : null} invitations={invited} />}
      <section aria-labelledby="by-status" className="stack" style={{ marginBottom: 24 }}>
        <h2 id="by-status" className="sr-only">{t('dash.byStatus')}</h2>
        <div className="stats">
          {STATUSES.map((s) => (
            <Link key={s} to={`/app/interviews?status=${s}`} className="card stat">
              <span className="num">{counts.data ? `${counts.data[s].n}${counts.data[s].more ? '+' : ''}` : <span className="skeleton" style={{ display: 'block', width: 40, height: 30 }} />}</span>
              <span className="lbl"><StatusBadge status={s} /></span>
            </Link>
          ))}
        </div>
      </section>
      <div className="dash-grid">
        <section className="card" aria-labelledby="recent-h">
          <div className="card-head"><h2 id="recent-h">{t('dash.recent')}</h2><span className="spacer" /><Link to="/app/interviews" className="small">{t('common.viewAll')}</Link></div>
          {recent.data && recent.data.items.length === 0 && <div className="empty"><h3>{t('iv.emptyTitle')}</h3><p>{manager ? t('iv.emptyBody') : t('iv.emptyAssigned')}</p></div>}
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {(recent.data?.items ?? []).map((iv) => (
              <li key={iv.id} className="row" style={{ padding: '12px 20px', borderBottom: '1px solid var(--border)' }}>
                <span className="avatar" aria-hidden="true">{(iv.candidate?.name || '?').slice(0, 1).toUpperCase()}</span>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Link to={`/app/interviews/${iv.id}`} style={{ fontWeight: 560, color: 'var(--text)' }}>{iv.candidate?.name}</Link>
                  <div className="small muted" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{iv.template_name} · {fmtDate(iv.invited_at || iv.created_at)}</div>
                </div>
                <StatusBadge status={iv.status} />
              </li>
            ))}
          </ul>
        </section>
        {manager && <section className="card" aria-labelledby="tpl-h">
          <div className="card-head"><h2 id="tpl-h">{t('dash.activeTemplates')}</h2><span className="spacer" /><Link to="/app/templates" className="small">{t('common.viewAll')}</Link></div>
          {templates.data && templates.data.items.length === 0 && <div className="empty"><p>{t('tpl.emptyBody')}</p></div>}
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {(templates.data?.items ?? []).slice(0, 6).map((tp) => (
              <li key={tp.id} style={{ padding: '12px 20px', borderBottom: '1px solid var(--border)' }}>
                <Link to={`/app/templates/${tp.id}`} style={{ fontWeight: 560, color: 'var(--text)' }}>{tp.name}</Link>
                <div className="small muted">{t('tpl.questionsN', { n: tp.questions?.length ?? 0 })} · v{tp.version}</div>
              </li>
            ))}
          </ul>
        </section>}
      </div>
    </div>
  );
}
