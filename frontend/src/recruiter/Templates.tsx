import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionKey, templatesApi, type Template, type TemplateStatus } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { ErrorAlert, Icon, StatusBadge, useToast } from '../ui';
import { useAsync } from './hooks';
import { copyName, parseTemplatesState, searchNeedle, templatesSearch, type TemplatesListState } from './templateLibrary';

export function TemplatesPage() {
  const { t, fmtDate } = useI18n();
  const toast = useToast();
  const { search } = useLocation();
  // Status and search live in the URL (a reload, a shared link or back shows the same list).
  const state = useMemo(() => parseTemplatesState(search), [search]);
  const { status } = state;
  const [q, setQ] = useState(state.q);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const update = (next: Partial<TemplatesListState>) => navigate(`/app/templates${templatesSearch({ ...state, ...next }, location.search)}`, true, false);
  // The typed text goes to the URL after a short pause; the URL's text (back, forward) comes back.
  const written = useRef(state.q);
  useEffect(() => { if (state.q !== written.current) { written.current = state.q; setQ(state.q); } }, [state.q]);
  useEffect(() => {
    const text = q.trim();
    if (text === state.q) return;
    const h = setTimeout(() => { written.current = text; update({ q: text }); }, 300);
    return () => clearTimeout(h);
  }, [q, state.q]); // eslint-disable-line react-hooks/exhaustive-deps
  const needle = searchNeedle(state.q);
  useEffect(() => setCursors([null]), [status, needle]);
  const asked = JSON.stringify([status, needle, cursor]);
  const list = useAsync(() => templatesApi.listTemplates({ status: status || undefined, q: needle || undefined, limit: 20, cursor }).then((page) => ({ ...page, asked })), [asked]);

  // One Idempotency-Key per template's duplicate action: a double click makes one copy.
  const dupKeys = useRef(new ActionKey());
  const [duplicating, setDuplicating] = useState('');
  const [dupError, setDupError] = useState<unknown>(null);
  const duplicate = async (tp: Template) => {
    const name = copyName(tp.name, (n) => t('tpl.copyName', { name: n }));
    const body = { id: tp.id, name };
    setDuplicating(tp.id); setDupError(null);
    try {
      const copy = await dupKeys.current.run(body, (key) => templatesApi.duplicateTemplate(tp.id, name, key));
      toast(t('tpl.duplicated', { name: copy.name }));
      navigate(`/app/templates/${copy.id}`);
    } catch (e) { setDupError(e); } finally { setDuplicating(''); }
  };

  const items = list.data?.items ?? [];
  const stale = !!list.data && list.data.asked !== asked;
  return (
    <div className="page">
      <div className="page-head">
        <div><h1>{t('nav.templates')}</h1><p className="sub">{t('tpl.sub')}</p></div>
        <span className="spacer" />
        <Link className="btn primary" to="/app/templates/new"><Icon name="plus" />{t('tpl.new')}</Link>
      </div>
      <div className="tpl-toolbar">
        <div className="tabs" role="group" aria-label={t('iv.filterStatus')}>
          {(['', 'draft', 'active', 'archived'] as const).map((s) => <button key={s || 'all'} type="button" className="tab" aria-pressed={status === s} onClick={() => update({ status: s as TemplateStatus | '' })}>{s ? t(`template.${s}`) : t('common.all')}</button>)}
        </div>
        <div className="tpl-search" role="search">
          <label htmlFor="tpl-search" className="sr-only">{t('tpl.searchLabel')}</label>
          <Icon name="search" />
          <input id="tpl-search" type="search" className="input" value={q} maxLength={100} placeholder={t('tpl.searchPh')} onChange={(e) => setQ(e.target.value)} />
        </div>
      </div>
      <p className="sr-only" aria-live="polite">{needle && list.data && !stale ? t('tpl.found', { n: items.length }) : ''}</p>
      <section className="card" aria-busy={list.loading || stale}>
        <ErrorAlert error={list.error ?? dupError} />
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('nav.templates')}</caption>
            <thead><tr><th scope="col">{t('tpl.name')}</th><th scope="col">{t('iv.status')}</th><th scope="col" className="hide-sm">{t('tpl.questions')}</th><th scope="col" className="hide-sm">{t('tpl.version')}</th><th scope="col" className="hide-sm">{t('tpl.updated')}</th><th scope="col"><span className="sr-only">{t('tpl.actions')}</span></th></tr></thead>
            <tbody>
              {list.loading && !list.data && [0, 1].map((i) => <tr key={i}><td colSpan={6}><div className="skeleton" /></td></tr>)}
              {items.map((tp) => (
                <tr key={tp.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a,button')) navigate(`/app/templates/${tp.id}`); }} style={{ cursor: 'pointer' }}>
                  <td className="primary-cell"><Link to={`/app/templates/${tp.id}`}>{tp.name}</Link>{tp.description && <div className="small muted">{tp.description.slice(0, 90)}</div>}</td>
                  <td><StatusBadge kind="template" status={tp.status} /></td>
                  <td className="hide-sm">{tp.questions?.length ?? 0}</td>
                  <td className="hide-sm">v{tp.version}</td>
                  <td className="hide-sm">{fmtDate(tp.updated_at)}</td>
                  <td className="tpl-actions">
                    <button type="button" className="btn sm ghost" aria-label={t('tpl.duplicateLabel', { name: tp.name })} disabled={duplicating === tp.id} onClick={() => duplicate(tp)}>
                      <Icon name="copy" size={14} /><span className="hide-sm">{t('tpl.duplicate')}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && !stale && items.length === 0 && (needle
            ? <div className="empty"><p>{t('tpl.noMatch', { q: needle })}</p></div>
            : <div className="empty"><h3>{t('tpl.emptyTitle')}</h3><p>{t('tpl.emptyBody')}</p></div>)}
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
