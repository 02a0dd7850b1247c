// @mentions in a comment: the text keeps "@Name" as typed, the API gets the member ids beside it.
import type { Member, Mention } from '../api';

/** The "@query" the caret is in: after an "@" at the start or after a space, on one line. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  return { start: at, query };
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Members whose name (or one of its words) starts with the query, best first; never `self`. */
export function matchMembers(members: Member[], query: string, self?: string, max = 6): Member[] {
  const q = fold(query.trim());
  const scored = members
    .filter((m) => m.id !== self)
    .map((m) => {
      const name = fold(m.name);
      const rank = name.startsWith(q) ? 0 : name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : -1;
      return { m, rank };
    })
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.m.name.localeCompare(b.m.name));
  return scored.slice(0, max).map((x) => x.m);
}

/** Replaces "@query" (from `start` to the caret) with "@Name " and says where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** The ids of the picked members whose "@Name" is still in the text, each once. */
export function mentionedIds(text: string, picked: { id: string; name: string }[]): string[] {
  const ids: string[] = [];
  for (const p of picked) if (text.includes(`@${p.name}`) && !ids.includes(p.id)) ids.push(p.id);
  return ids;
}

/** The text cut into plain runs and "@Name" runs of the comment's mentions (for highlighting). */
export function splitMentions(text: string, mentions: Mention[]): { text: string; mention: boolean }[] {
  const names = [...new Set(mentions.map((m) => `@${m.name}`))].sort((a, b) => b.length - a.length);
  const out: { text: string; mention: boolean }[] = [];
  let i = 0;
  let plain = '';
  while (i < text.length) {
    const hit = names.find((n) => text.startsWith(n, i));
    if (hit) {
      if (plain) { out.push({ text: plain, mention: false }); plain = ''; }
      out.push({ text: hit, mention: true });
      i += hit.length;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  if (plain) out.push({ text: plain, mention: false });
  return out;
}

/** Threads of comments (oldest first): each first comment with its replies. */
export function threadsOf<C extends { id: string; parent_id: string | null }>(comments: C[]): { root: C; replies: C[] }[] {
  const roots = comments.filter((c) => !c.parent_id);
  const ids = new Set(roots.map((r) => r.id));
  return roots.map((root) => ({ root, replies: comments.filter((c) => c.parent_id === root.id) }))
    .concat(comments.filter((c) => c.parent_id && !ids.has(c.parent_id)).map((orphan) => ({ root: orphan, replies: [] })));
}
