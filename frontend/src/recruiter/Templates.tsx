import { useState } from 'react';
import { api, type TemplateStatus } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { ErrorAlert, Icon, StatusBadge } from '../ui';
import { useAsync } from './hooks';

export function TemplatesPage() {
  const { t, fmtDate } = useI18n();
  const [status, setStatus] = useState<TemplateStatus | ''>('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const list = useAsync(() => api.listTemplates({ status: status || undefined, limit: 20, cursor }), [status, cursor]);
  return (
    <div className="page">
      <div className="page-head">
        <div><h1>{t('nav.templates')}</h1><p className="sub">{t('tpl.sub')}</p></div>
        <span className="spacer" />
        <Link className="btn primary" to="/app/templates/new"><Icon name="plus" />{t('tpl.new')}</Link>
      </div>
      <div className="tabs" role="group" aria-label={t('iv.filterStatus')}>
        {(['', 'draft', 'active', 'archived'] as const).map((s) => <button key={s || 'all'} type="button" className="tab" aria-pressed={status === s} onClick={() => { setStatus(s); setCursors([null]); }}>{s ? t(`template.${s}`) : t('common.all')}</button>)}
      </div>
      <section className="card">
        <ErrorAlert error={list.error} />
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('nav.templates')}</caption>
            <thead><tr><th scope="col">{t('tpl.name')}</th><th scope="col">{t('iv.status')}</th><th scope="col" className="hide-sm">{t('tpl.questions')}</th><th scope="col" className="hide-sm">{t('tpl.version')}</th><th scope="col" className="hide-sm">{t('tpl.updated')}</th></tr></thead>
            <tbody>
              {list.loading && !list.data && [0, 1].map((i) => <tr key={i}><td colSpan={5}><div className="skeleton" /></td></tr>)}
              {(list.data?.items ?? []).map((tp) => (
                <tr key={tp.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/app/templates/${tp.id}`); }} style={{ cursor: 'pointer' }}>
                  <td className="primary-cell"><Link to={`/app/templates/${tp.id}`}>{tp.name}</Link>{tp.description && <div className="small muted">{tp.description.slice(0, 90)}</div>}</td>
                  <td><StatusBadge kind="template" status={tp.status} /></td>
                  <td className="hide-sm">{tp.questions?.length ?? 0}</td>
                  <td className="hide-sm">v{tp.version}</td>
                  <td className="hide-sm">{fmtDate(tp.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && list.data.items.length === 0 && <div className="empty"><h3>{t('tpl.emptyTitle')}</h3><p>{t('tpl.emptyBody')}</p></div>}
        </div>
        <nav className="pager" aria-label={t('common.pagination')}>
          <span className="small muted">{t('common.page', { n: cursors.length })}</span><span className="spacer" />
          <button type="button" className="btn sm" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.prev')}</button>
          <button type="button" className="btn sm" disabled={!list.data?.next_cursor} onClick={() => setCursors([...cursors, list.data!.next_cursor])}>{t('common.next')}</button>
        </nav>
      </section>
    </div>
  );
}
