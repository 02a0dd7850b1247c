import { useEffect, useMemo, useState } from 'react';
import { api, type Interview, type InterviewStatus } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { ErrorAlert, StatusBadge } from '../ui';
import { useAsync } from './hooks';
import { InviteButton } from './Invite';
import { useSession } from './RecruiterApp';
import { STATUSES } from './Dashboard';

const PAGE = 20;

export function InterviewsPage() {
  const { t, fmtDate } = useI18n();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const status = (params.get('status') ?? '') as InterviewStatus | '';
  const templateId = params.get('template') ?? '';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => setCursors([null]), [status, templateId]);

  // Interviewers see their assigned interviews only, never the templates.
  const manager = useSession().me.role !== 'interviewer';
  const templates = useAsync(() => (manager ? api.listTemplates({ limit: 100 }) : Promise.resolve({ items: [], next_cursor: null })), [manager]);
  // The server searches candidates' names and emails (2+ characters), after a short pause in typing.
  const [needle, setNeedle] = useState('');
  useEffect(() => { const h = setTimeout(() => setNeedle(q.trim().length >= 2 ? q.trim() : ''), 300); return () => clearTimeout(h); }, [q]);
  useEffect(() => setCursors([null]), [needle]);
  const list = useAsync(() => api.listInterviews({ status, template_id: templateId || undefined, q: needle || undefined, limit: PAGE, cursor }), [status, templateId, cursor, needle]);

  const setParam = (k: string, v: string) => {
    const p = new URLSearchParams(location.search);
    if (v) p.set(k, v); else p.delete(k);
    navigate(`/app/interviews${p.toString() ? '?' + p : ''}`, true);
  };

  const items: Interview[] = useMemo(() => list.data?.items ?? [], [list.data]);

  return (
    <div className="page">
      <div className="page-head">
        <div><h1>{t('nav.interviews')}</h1><p className="sub">{t('iv.sub')}</p></div>
        <span className="spacer" />
        {manager && <InviteButton templates={templates.data?.items ?? []} templateId={templateId || undefined} onInvited={() => void list.reload(true)} />}
      </div>
      <div className="tabs" role="group" aria-label={t('iv.filterStatus')}>
        {(['', ...STATUSES] as const).map((s) => (
          <button key={s || 'all'} type="button" className="tab" aria-pressed={status === s} onClick={() => setParam('status', s)}>{s ? t(`status.${s}`) : t('common.all')}</button>
        ))}
      </div>
      <section className="card" aria-labelledby="iv-table-caption">
        <div className="toolbar">
          <label className="sr-only" htmlFor="iv-search">{t('common.search')}</label>
          <input id="iv-search" className="input search" type="search" placeholder={t('iv.searchPh')} value={q} onChange={(e) => setQ(e.target.value)} />
          <label className="sr-only" htmlFor="iv-tpl-filter">{t('iv.template')}</label>
          <select id="iv-tpl-filter" className="select" value={templateId} onChange={(e) => setParam('template', e.target.value)}>
            <option value="">{t('iv.allTemplates')}</option>
            {(templates.data?.items ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </div>
        <ErrorAlert error={list.error} />
        <div className="table-wrap">
          <table className="table">
            <caption id="iv-table-caption" className="sr-only">{t('nav.interviews')}</caption>
            <thead><tr><th scope="col">{t('iv.candidate')}</th><th scope="col" className="hide-sm">{t('iv.template')}</th><th scope="col">{t('iv.status')}</th><th scope="col" className="hide-sm">{t('iv.progress')}</th><th scope="col" className="hide-sm">{t('iv.deadline')}</th></tr></thead>
            <tbody aria-busy={list.loading}>
              {list.loading && !list.data && [0, 1, 2].map((i) => <tr key={i}><td colSpan={5}><div className="skeleton" /></td></tr>)}
              {items.map((iv) => (
                <tr key={iv.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a,button')) navigate(`/app/interviews/${iv.id}`); }} style={{ cursor: 'pointer' }}>
                  <td className="primary-cell"><Link to={`/app/interviews/${iv.id}`}>{iv.candidate?.name}</Link><div className="small muted">{iv.candidate?.email}</div></td>
                  <td className="hide-sm">{iv.template_name}<span className="muted small"> v{iv.template_version}</span></td>
                  <td><StatusBadge status={iv.status} />{iv.decision && <> <StatusBadge kind="outcome" status={iv.decision.outcome} /></>}</td>
                  <td className="hide-sm">{iv.progress ? `${iv.progress.answered}/${iv.progress.total}` : '—'}</td>
                  <td className="hide-sm">{fmtDate(iv.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && items.length === 0 && <div className="empty"><h3>{q ? t('iv.noMatch') : t('iv.emptyTitle')}</h3><p>{q ? t('iv.noMatchBody') : t('iv.emptyBody')}</p></div>}
        </div>
        <nav className="pager" aria-label={t('common.pagination')}>
          <span className="small muted">{t('common.page', { n: cursors.length })}</span>
          <span className="spacer" />
          <button type="button" className="btn sm" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>{t("common.prev")}</button>
          <button type="button" className="btn sm" disabled={!list.data?.next_cursor} onClick={() => setCursors([...cursors, list.data!.next_cursor])}>{t("common.next")}</button>
        </nav>
      </section>
    </div>
  );
}
