// Comment threads on an interview or one answer: one level of replies, @mentions by member id,
// edit and delete of one's own, a placeholder for a deleted comment, a moment in the video.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ActionKey, api, type Comment, type Member } from '../api';
import { formatDuration, useI18n, type MessageKey } from '../i18n';
import { Dialog, ErrorAlert, useToast } from '../ui';
import { useSession } from './RecruiterApp';
import { insertMention, matchMembers, mentionedIds, mentionQuery, splitMentions, threadsOf } from './mentions';

interface Picked { id: string; name: string }

/** A textarea that offers teammates after "@" (arrows, Enter or Tab to pick, Escape to close). */
function MentionBox({ id, label, value, onChange, members, onPick, autoFocus }: {
  id: string; label: string; value: string; onChange: (v: string) => void; members: Member[];
  onPick: (m: Picked) => void; autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const { me } = useSession();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [caret, setCaret] = useState<number | null>(null);
  const options = useMemo(() => (query ? matchMembers(members, query.query, me.id) : []), [query, members, me.id]);
  const open = options.length > 0;
  const listId = `${id}-mentions`;

  useEffect(() => {
    if (caret === null || !ref.current) return;
    ref.current.setSelectionRange(caret, caret);
    setCaret(null);
  }, [caret]);
  useEffect(() => { if (autoFocus) ref.current?.focus(); }, [autoFocus]);

  const update = (text: string, at: number) => { setQuery(mentionQuery(text, at)); setActive(0); };
  const pick = (m: Member) => {
    if (!query || !ref.current) return;
    const next = insertMention(value, query.start, ref.current.selectionStart, m.name);
    onChange(next.text);
    onPick({ id: m.id, name: m.name });
    setQuery(null);
    setCaret(next.caret);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(options[active] ?? options[0]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setQuery(null);
    }
  };

  return (
    <div className="field mention-box">
      <label htmlFor={id}>{label}</label>
      <textarea ref={ref} id={id} className="textarea" value={value} maxLength={4000} rows={2}
        aria-autocomplete="list" aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined} aria-describedby={`${id}-hint`}
        onChange={(e) => { onChange(e.target.value); update(e.target.value, e.target.selectionStart); }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => { if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) update(e.currentTarget.value, e.currentTarget.selectionStart); }}
        onClick={(e) => update(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => setQuery(null)} />
      <span id={`${id}-hint`} className="hint">{t('cm.mentionHint')}</span>
      {open && (
        <ul id={listId} role="listbox" className="mention-list" aria-label={t('cm.mentionList')}>
          {options.map((m, i) => (
            <li key={m.id} id={`${listId}-${i}`} role="option" aria-selected={i === active}
              onMouseDown={(e) => { e.preventDefault(); pick(m); }}>
              <span>{m.name}</span> <span className="small muted">{t(`role.${m.role}` as MessageKey)}</span>
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" aria-live="polite">{open ? t('cm.suggestions', { n: options.length }) : ''}</span>
    </div>
  );
}

/** Writes a new comment (a thread, or a reply) or edits one. */
function Composer({ interviewId, answerId, parentId, editing, members, label, submitLabel, currentTime, onDone, onCancel, autoFocus }: {
  interviewId: string; answerId: string | null; parentId?: string; editing?: Comment; members: Member[];
  label: string; submitLabel: string; currentTime?: () => number; onDone: () => void; onCancel?: () => void; autoFocus?: boolean;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [text, setText] = useState(editing?.text ?? '');
  const [picked, setPicked] = useState<Picked[]>(() => (editing?.mentions ?? []).map((m) => ({ id: m.user_id, name: m.name })));
  const [atTime, setAtTime] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useRef(new ActionKey());
  const now = currentTime?.() ?? 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true); setError(null);
    const mentioned = mentionedIds(text, picked);
    try {
      if (editing) {
        await api.updateComment(interviewId, editing.id, { text, mentioned_user_ids: mentioned });
        toast(t('cm.saved'));
      } else {
        const body = { text, parent_id: parentId ?? null, answer_id: answerId, at_seconds: atTime && currentTime ? Math.round(currentTime() * 10) / 10 : null, mentioned_user_ids: mentioned };
        await key.current.run(body, (k) => api.createComment(interviewId, body, k));
        toast(t('cm.posted'));
        setText(''); setPicked([]); setAtTime(false);
      }
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };

  return (
    <form className="stack composer" onSubmit={submit}>
      <MentionBox id={`cm-${id}`} label={label} value={text} onChange={setText} members={members}
        onPick={(m) => setPicked((p) => (p.some((x) => x.id === m.id) ? p : [...p, m]))} autoFocus={autoFocus} />
      <ErrorAlert error={error} />
      <div className="row wrap">
        {currentTime && !parentId && !editing && (
          <label className="checkbox small"><input type="checkbox" checked={atTime} onChange={(e) => setAtTime(e.target.checked)} />{t('cm.atTime', { time: formatDuration(now) })}</label>
        )}
        <span className="spacer" />
        {onCancel && <button type="button" className="btn sm" onClick={onCancel}>{t('common.cancel')}</button>}
        <button type="submit" className="btn primary sm" disabled={busy || !text.trim()}>{busy ? t('common.wait') : submitLabel}</button>
      </div>
    </form>
  );
}

function CommentText({ c }: { c: Comment }) {
  return (
    <p className="comment-text">
      {splitMentions(c.text ?? '', c.mentions).map((run, i) => (run.mention ? <span key={i} className="mention">{run.text}</span> : <span key={i}>{run.text}</span>))}
    </p>
  );
}

function CommentItem({ c, interviewId, members, seek, onReply, onDelete, onChanged }: {
  c: Comment; interviewId: string; members: Member[]; seek?: (s: number) => void;
  onReply?: () => void; onDelete: () => void; onChanged: () => void;
}) {
  const { t, fmtDate } = useI18n();
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const own = c.author_id === me.id && !c.deleted;
  return (
    <article id={`comment-${c.id}`} tabIndex={-1} className="comment" aria-labelledby={`cm-by-${c.id}`}>
      <div className="row wrap small">
        <strong id={`cm-by-${c.id}`} className="comment-author">{c.author_name}</strong>
        <time className="muted" dateTime={c.created_at}>{fmtDate(c.created_at, true)}</time>
        {c.edited_at && !c.deleted && <span className="muted">{t('cm.edited')}</span>}
        {c.at_seconds !== null && c.at_seconds !== undefined && (seek
          ? <button type="button" className="btn ghost sm ts-link" onClick={() => seek(c.at_seconds!)} aria-label={t('cm.seekTo', { time: formatDuration(c.at_seconds) })}>{formatDuration(c.at_seconds)}</button>
          : <span className="mono">{formatDuration(c.at_seconds)}</span>)}
      </div>
      {c.deleted
        ? <p className="muted comment-text"><em>{t('cm.deleted')}</em></p>
        : editing
          ? <Composer interviewId={interviewId} answerId={c.answer_id} editing={c} members={members} label={t('cm.editLabel')} submitLabel={t('common.save')} onDone={() => { setEditing(false); onChanged(); }} onCancel={() => setEditing(false)} autoFocus />
          : <CommentText c={c} />}
      {!editing && !c.deleted && (onReply || own) && (
        <div className="row comment-actions">
          {onReply && <button type="button" className="btn ghost sm" onClick={onReply} aria-label={t('cm.replyTo', { name: c.author_name })}>{t('cm.reply')}</button>}
          {own && <button type="button" className="btn ghost sm" onClick={() => setEditing(true)} aria-label={t('cm.editOwn')}>{t('cm.edit')}</button>}
          {own && <button type="button" className="btn ghost sm" onClick={onDelete} aria-label={t('cm.deleteOwn')}>{t('cm.delete')}</button>}
        </div>
      )}
    </article>
  );
}

/** The threads on an interview (answerId null) or on one answer, and a box to start one. */
export function Threads({ interviewId, answerId, comments, members, title, level, onChanged, seek, currentTime }: {
  interviewId: string; answerId: string | null; comments: Comment[]; members: Member[]; title: string; level: 2 | 3;
  onChanged: () => void; seek?: (s: number) => void; currentTime?: () => number;
}) {
  const H = level === 2 ? 'h2' : 'h3';
  const { t } = useI18n();
  const toast = useToast();
  const hid = `threads-${answerId ?? 'interview'}`;
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Comment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const threads = useMemo(() => threadsOf(comments), [comments]);
  const shown = comments.filter((c) => !c.deleted).length;

  const remove = async () => {
    if (!deleting) return;
    setError(null);
    try { await api.deleteComment(interviewId, deleting.id); toast(t('cm.deletedToast')); onChanged(); } catch (e) { setError(e); }
    setDeleting(null);
  };

  return (
    <section aria-labelledby={hid} className="stack threads">
      <H id={hid}>{title} <span className="muted small">({t('cm.count', { n: shown })})</span></H>
      <ErrorAlert error={error} />
      {threads.length === 0 && <p className="muted small">{t('cm.none')}</p>}
      {threads.length > 0 && (
        <ul className="thread-list">
          {threads.map(({ root, replies }) => (
            <li key={root.id} className="thread">
              <CommentItem c={root} interviewId={interviewId} members={members} seek={seek} onChanged={onChanged}
                onReply={root.parent_id ? undefined : () => setReplyTo(root.id)} onDelete={() => setDeleting(root)} />
              {replies.length > 0 && (
                <ul className="replies" aria-label={t('cm.repliesTo', { name: root.author_name })}>
                  {replies.map((r) => <li key={r.id}><CommentItem c={r} interviewId={interviewId} members={members} seek={seek} onChanged={onChanged} onDelete={() => setDeleting(r)} /></li>)}
                </ul>
              )}
              {replyTo === root.id && (
                <div className="replies">
                  <Composer interviewId={interviewId} answerId={answerId} parentId={root.id} members={members} label={t('cm.replyLabel', { name: root.author_name })} submitLabel={t('cm.reply')} onDone={() => { setReplyTo(null); onChanged(); }} onCancel={() => setReplyTo(null)} autoFocus />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Composer interviewId={interviewId} answerId={answerId} members={members} label={answerId ? t('cm.newOnAnswer') : t('cm.newOnInterview')} submitLabel={t('cm.post')} currentTime={currentTime} onDone={onChanged} />
      <Dialog open={!!deleting} onClose={() => setDeleting(null)} title={t('cm.deleteTitle')} labelledBy="cm-del-title"
        footer={<><button type="button" className="btn" onClick={() => setDeleting(null)}>{t('common.cancel')}</button><button type="button" className="btn danger" onClick={() => void remove()}>{t('cm.delete')}</button></>}>
        <p>{t('cm.deleteBody')}</p>
      </Dialog>
    </section>
  );
}
