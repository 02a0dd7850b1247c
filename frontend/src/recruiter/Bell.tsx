// The header's bell: the unread count, the latest notifications, mark as read, a link to each.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Notification } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { ErrorAlert, Icon } from '../ui';
import { usePoll } from './hooks';

/** Where a notification leads: its interview, opened at the answer and the comment. */
export function notificationLink(n: Notification): string {
  const q = new URLSearchParams();
  if (n.answer_id) q.set('answer', n.answer_id);
  if (!n.comment_deleted) q.set('comment', n.comment_id);
  const s = q.toString();
  return `/app/interviews/${encodeURIComponent(n.interview_id)}${s ? '?' + s : ''}`;
}

export function Bell({ path }: { path: string }) {
  const { t, fmtDate } = useI18n();
  const [unread, setUnread] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const count = useCallback(() => { api.countUnreadNotifications().then((r) => setUnread(r.unread_count)).catch(() => undefined); }, []);
  useEffect(() => { count(); }, [count, path]);
  usePoll(count, 30000, true);

  const load = useCallback(async () => {
    setError(null);
    try { const page = await api.listNotifications({ limit: 20 }); setItems(page.items); setUnread(page.unread_count); } catch (e) { setError(e); }
  }, []);
  useEffect(() => { if (open) void load(); }, [open, load]);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const read = async (ids?: string[]) => {
    setError(null);
    try {
      const r = await api.markNotificationsRead(ids);
      setUnread(r.unread_count);
      const now = new Date().toISOString();
      setItems((xs) => (xs ?? []).map((n) => (!ids || ids.includes(n.id) ? { ...n, read_at: n.read_at ?? now } : n)));
    } catch (e) { setError(e); }
  };
  const close = () => { setOpen(false); button.current?.focus(); };

  const n = unread ?? 0;
  return (
    <div className="bell">
      <button ref={button} type="button" className="btn ghost icon bell-button" aria-expanded={open} aria-controls={open ? 'bell-panel' : undefined}
        aria-label={t('bell.label', { n })} onClick={() => setOpen(!open)}>
        <Icon name="bell" size={18} />
        {n > 0 && <span className="bell-count" aria-hidden="true">{n > 99 ? '99+' : n}</span>}
      </button>
      {open && (
        <div ref={panel} id="bell-panel" className="bell-panel card" role="region" aria-labelledby="bell-h"
          onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } }}>
          <div className="row bell-head">
            <h2 id="bell-h">{t('bell.title')}</h2>
            <span className="spacer" />
            {n > 0 && <button type="button" className="btn ghost sm" onClick={() => void read()}>{t('bell.readAll')}</button>}
          </div>
          <ErrorAlert error={error} />
          {items === null && !error && <p className="muted small bell-empty">{t('common.loading')}</p>}
          {items && items.length === 0 && <p className="muted small bell-empty">{t('bell.empty')}</p>}
          {items && items.length > 0 && (
            <ul className="plain-list bell-list">
              {items.map((x) => (
                <li key={x.id} data-unread={!x.read_at}>
                  <Link to={notificationLink(x)} onClick={(e) => {
                    // Read first, so the count the next page asks for is already without it.
                    if (x.read_at || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                    e.preventDefault();
                    void read([x.id]).finally(() => navigate(notificationLink(x)));
                  }}>
                    {!x.read_at && <span className="sr-only">{t('bell.unread')}: </span>}
                    {t('bell.mentioned', { name: x.actor_name, candidate: x.candidate_name })}
                  </Link>
                  <p className="small muted bell-excerpt">{x.comment_deleted ? t('bell.deleted') : `“${x.excerpt}”`}</p>
                  <div className="row small muted">
                    <time dateTime={x.created_at}>{fmtDate(x.created_at, true)}</time>
                    <span className="spacer" />
                    {!x.read_at && <button type="button" className="btn ghost sm" onClick={() => void read([x.id])} aria-label={t('bell.markOne', { name: x.actor_name })}>{t('bell.markRead')}</button>}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
