import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type Interview } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { ErrorAlert, Icon, StatusBadge } from '../ui';
import { useAsync } from './hooks';
import { InviteButton } from './Invite';
import { useSession } from './RecruiterApp';
import { STATUSES } from './Dashboard';
import { blockedReason, canCompare, compareHref, MAX_COMPARE, MIN_COMPARE, NO_SELECTION, toggle, type Selection } from './compareState';
import { listSearch, nextSort, parseListState, sortInterviews, type ListState, type SortKey } from './listState';

const PAGE = 20;

export function InterviewsPage() {
  const { t, fmtDate, lang } = useI18n();
  const { search } = useLocation();
  // Filters, search and sort live in the URL (a reload or a shared link shows the same list).
  const state = useMemo(() => parseListState(search), [search]);
  const { status, template: templateId, sort } = state;
  const [q, setQ] = useState(state.q);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  // Interviews ticked for a side-by-side comparison: 2 to 6, all of one template.
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [selectedTemplate, setSelectedTemplate] = useState('');

  // Interviewers see their assigned interviews only, never the templates.
  const manager = useSession().me.role !== 'interviewer';
  const templates = useAsync(() => (manager ? api.listTemplates({ limit: 100 }) : Promise.resolve({ items: [], next_cursor: null })), [manager]);

  const update = (next: Partial<ListState>) => navigate(`/app/interviews${listSearch({ ...state, ...next }, location.search)}`, true, false);
  // The typed text goes to the URL after a short pause; the URL's text (back, forward) comes back.
  const written = useRef(state.q);
  useEffect(() => { if (state.q !== written.current) { written.current = state.q; setQ(state.q); } }, [state.q]);
  useEffect(() => {
    const text = q.trim();
    if (text === state.q) return;
    const h = setTimeout(() => { written.current = text; update({ q: text }); }, 300);
    return () => clearTimeout(h);
  }, [q, state.q]); // eslint-disable-line react-hooks/exhaustive-deps
  // The server searches candidates' names and emails and template names (2+ characters).
  const needle = state.q.length >= 2 ? state.q : '';
  useEffect(() => setCursors([null]), [status, templateId, needle]);
  // Each answer remembers what it was asked for, so rows of an earlier query never pass for this one.
  const asked = JSON.stringify([status, templateId, cursor, needle]);
  const list = useAsync(() => api.listInterviews({ status, template_id: templateId || undefined, q: needle || undefined, limit: PAGE, cursor }).then((page) => ({ ...page, asked })), [asked]);
  // A search on its way (typed, or asked for): the rows shown are the previous answer.
  const searching = list.loading || (!!list.data && list.data.asked !== asked) || (q.trim() !== state.q && (q.trim().length >= 2 || state.q.length >= 2));

  // The API lists newest first; the other orders sort the rows of this page.
  const items: Interview[] = useMemo(() => sortInterviews(list.data?.items ?? [], sort, lang), [list.data, sort, lang]);
  const sortHeader = (key: SortKey, label: MessageKey, className?: string) => (
    <th scope="col" className={className} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="th-sort" onClick={() => update({ sort: nextSort(sort, key) })}>
        {t(label)}<span aria-hidden="true" className="sort-mark">{sort.key === key ? (sort.desc ? '↓' : '↑') : ''}</span>
      </button>
    </th>
  );

  return (
    <div className="page">
      <div className="page-head">
        <div><h1>{t('nav.interviews')}</h1><p className="sub">{t('iv.sub')}</p></div>
        <span className="spacer" />
        {manager && <InviteButton templates={templates.data?.items ?? []} templateId={templateId || undefined} onInvited={() => void list.reload(true)} />}
      </div>
      <div className="tabs" role="group" aria-label={t('iv.filterStatus')}>
        {(['', ...STATUSES] as const).map((s) => (
          <button key={s || 'all'} type="button" className="tab" aria-pressed={status === s} onClick={() => update({ status: s })}>{s ? t(`status.${s}`) : t('common.all')}</button>
        ))}
      </div>
      <div className="row wrap compare-bar">
        <button type="button" className="btn" disabled={!canCompare(selection)} onClick={() => navigate(compareHref(selection.ids))}><Icon name="compare" />{t('cmp.compareN', { n: selection.ids.length })}</button>
        <span id="cmp-hint" className="small muted" role="status">{selection.ids.length === 0 ? t('cmp.hint', { min: MIN_COMPARE, max: MAX_COMPARE }) : t('cmp.hintTemplate', { n: selection.ids.length, template: selectedTemplate, max: MAX_COMPARE })}</span>
        {selection.ids.length > 0 && <button type="button" className="btn ghost sm" onClick={() => setSelection(NO_SELECTION)}>{t('cmp.clear')}</button>}
      </div>
      <section className="card" aria-labelledby="iv-table-caption">
        <div className="toolbar">
          <label className="sr-only" htmlFor="iv-search">{t('common.search')}</label>
          <input id="iv-search" className="input search" type="search" placeholder={t('iv.searchPh')} value={q} onChange={(e) => setQ(e.target.value)} aria-describedby="iv-searching" />
          <span id="iv-searching" className="small muted searching" role="status">{searching ? <><span className="spinner" aria-hidden="true" />{t('iv.searching')}</> : ''}</span>
          <label className="sr-only" htmlFor="iv-tpl-filter">{t('iv.template')}</label>
          <select id="iv-tpl-filter" className="select" value={templateId} onChange={(e) => update({ template: e.target.value })}>
            <option value="">{t('iv.allTemplates')}</option>
            {(templates.data?.items ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </div>
        <ErrorAlert error={list.error} />
        <div className="table-wrap">
          <table className="table">
            <caption id="iv-table-caption" className="sr-only">{t('nav.interviews')}</caption>
            <thead><tr>{sortHeader('name', 'iv.candidate')}<th scope="col" className="hide-sm">{t('iv.template')}</th><th scope="col">{t('iv.status')}</th><th scope="col" className="hide-sm">{t('iv.progress')}</th>{sortHeader('score', 'iv.score')}<th scope="col" className="hide-sm">{t('iv.recommendation')}</th>{sortHeader('deadline', 'iv.deadline', 'hide-sm')}</tr></thead>
            <tbody aria-busy={searching} className={searching && list.data ? 'stale' : undefined}>
              {list.loading && !list.data && [0, 1, 2].map((i) => <tr key={i}><td colSpan={7}><div className="skeleton" /></td></tr>)}
              {items.map((iv) => (
                <tr key={iv.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a,button,input,label,.select-col')) navigate(`/app/interviews/${iv.id}`); }} style={{ cursor: 'pointer' }}>
                  <td className="primary-cell"><div className="row select-row">{(() => {
                    const blocked = blockedReason(selection, iv);
                    return <input type="checkbox" className="select-col" checked={selection.ids.includes(iv.id)} disabled={!!blocked} aria-describedby="cmp-hint"
                      aria-label={t('cmp.select', { name: iv.candidate?.name ?? '' })} title={blocked ? t(blocked === 'template' ? 'cmp.otherTemplate' : 'cmp.full', { max: MAX_COMPARE }) : undefined}
                      onChange={() => { setSelection((s) => toggle(s, iv)); setSelectedTemplate(iv.template_name); }} />;
                  })()}<div style={{ minWidth: 0 }}><Link to={`/app/interviews/${iv.id}`}>{iv.candidate?.name}</Link><div className="small muted">{iv.candidate?.email}</div></div></div></td>
                  <td className="hide-sm">{iv.template_name}<span className="muted small"> v{iv.template_version}</span></td>
                  <td><StatusBadge status={iv.status} />{iv.decision && <> <StatusBadge kind="outcome" status={iv.decision.outcome} /></>}</td>
                  <td className="hide-sm">{iv.progress ? `${iv.progress.answered}/${iv.progress.total}` : '—'}</td>
                  <td className="num">{typeof iv.overall_score === 'number' ? Math.round(iv.overall_score) : '—'}</td>
                  <td className="hide-sm">{iv.recommendation ? <StatusBadge kind="rec" status={iv.recommendation} /> : '—'}</td>
                  <td className="hide-sm">{fmtDate(iv.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && !searching && items.length === 0 && <div className="empty"><h3>{needle || status || templateId ? t('iv.noMatch') : t('iv.emptyTitle')}</h3><p>{needle || status || templateId ? t('iv.noMatchBody') : manager ? t('iv.emptyBody') : t('iv.emptyAssigned')}</p></div>}
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
