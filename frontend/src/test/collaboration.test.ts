import { beforeAll, describe, expect, it } from 'vitest';
import type { Member, Notification } from '../api';
import { insertMention, matchMembers, mentionedIds, mentionQuery, splitMentions, threadsOf } from '../recruiter/mentions';
import { notificationLink } from '../recruiter/Bell';
import { loadLang, translate } from '../i18n';

const team: Member[] = [
  { id: 'u1', name: 'Ivy Interviewer', role: 'interviewer' },
  { id: 'u2', name: 'Ingo Prüfer', role: 'interviewer' },
  { id: 'u3', name: 'Riley Recruiter', role: 'hr' },
  { id: 'u4', name: 'Élise Ängström', role: 'admin' },
];

describe('@mentions', () => {
  it('finds the query the caret is in, only after a space or at the start', () => {
    expect(mentionQuery('@Iv', 3)).toEqual({ start: 0, query: 'Iv' });
    expect(mentionQuery('Good point @Ingo P', 18)).toEqual({ start: 11, query: 'Ingo P' });
    expect(mentionQuery('mail me at ivy@example.com', 26)).toBeNull();
    expect(mentionQuery('@Ivy\nnext line', 14)).toBeNull();
    expect(mentionQuery('@ Ivy', 5)).toBeNull();
    expect(mentionQuery('no at sign', 5)).toBeNull();
  });
  it('matches names by their start or a word start, accents folded, never oneself', () => {
    expect(matchMembers(team, 'i').map((m) => m.id)).toEqual(['u2', 'u1']);
    expect(matchMembers(team, 'int').map((m) => m.id)).toEqual(['u1']);
    expect(matchMembers(team, 'rec').map((m) => m.id)).toEqual(['u3']);
    expect(matchMembers(team, 'pruf').map((m) => m.id)).toEqual(['u2']);
    expect(matchMembers(team, 'angs').map((m) => m.id)).toEqual(['u4']);
    expect(matchMembers(team, 'i', 'u1').map((m) => m.id)).toEqual(['u2']);
    expect(matchMembers(team, 'zz')).toEqual([]);
  });
  it('inserts the whole name and puts the caret after it', () => {
    expect(insertMention('Thanks @In and more', 7, 10, 'Ingo Prüfer')).toEqual({ text: 'Thanks @Ingo Prüfer and more', caret: 20 });
    expect(insertMention('@iv', 0, 3, 'Ivy Interviewer')).toEqual({ text: '@Ivy Interviewer ', caret: 17 });
  });
  it('sends the ids of the picked members still named in the text, once each', () => {
    const picked = [{ id: 'u1', name: 'Ivy Interviewer' }, { id: 'u2', name: 'Ingo Prüfer' }, { id: 'u1', name: 'Ivy Interviewer' }];
    expect(mentionedIds('@Ivy Interviewer and @Ingo Prüfer', picked)).toEqual(['u1', 'u2']);
    expect(mentionedIds('@Ivy Interviewer only, Ingo removed', picked)).toEqual(['u1']);
    expect(mentionedIds('Ivy without the at sign', picked)).toEqual([]);
  });
  it('cuts the text into plain and mention runs, the longest name first', () => {
    const mentions = [{ user_id: 'u1', name: 'Ivy' }, { user_id: 'u5', name: 'Ivy Interviewer' }];
    expect(splitMentions('Hi @Ivy Interviewer, and @Ivy.', mentions)).toEqual([
      { text: 'Hi ', mention: false }, { text: '@Ivy Interviewer', mention: true }, { text: ', and ', mention: false }, { text: '@Ivy', mention: true }, { text: '.', mention: false },
    ]);
    expect(splitMentions('@Someone not mentioned', [])).toEqual([{ text: '@Someone not mentioned', mention: false }]);
  });
  it('groups replies under their thread, oldest first; a reply without its thread stands alone', () => {
    const c = (id: string, parent_id: string | null) => ({ id, parent_id });
    expect(threadsOf([c('a', null), c('b', null), c('a1', 'a'), c('b1', 'b'), c('a2', 'a'), c('x1', 'gone')])).toEqual([
      { root: c('a', null), replies: [c('a1', 'a'), c('a2', 'a')] },
      { root: c('b', null), replies: [c('b1', 'b')] },
      { root: c('x1', 'gone'), replies: [] },
    ]);
  });
});

describe('the bell', () => {
  beforeAll(async () => { await loadLang('ru'); await loadLang('de'); });
  const n: Notification = {
    id: 'n1', kind: 'mention', interview_id: 'iv 1', comment_id: 'c1', answer_id: 'a1', actor_id: 'u1', actor_name: 'Ivy',
    candidate_name: 'Pat', excerpt: 'hi', comment_deleted: false, created_at: '2026-01-01T00:00:00Z', read_at: null,
  };
  it('links to the interview, at the answer and the comment', () => {
    expect(notificationLink(n)).toBe('/app/interviews/iv%201?answer=a1&comment=c1');
    expect(notificationLink({ ...n, answer_id: null })).toBe('/app/interviews/iv%201?comment=c1');
    expect(notificationLink({ ...n, answer_id: null, comment_deleted: true })).toBe('/app/interviews/iv%201');
  });
  it('says the unread count in each language', () => {
    expect(translate('en', 'bell.label', { n: 0 })).toBe('Notifications');
    expect(translate('en', 'bell.label', { n: 1 })).toBe('Notifications, 1 unread');
    expect(translate('ru', 'bell.label', { n: 3 })).toBe('Уведомления, 3 непрочитанных');
    expect(translate('ru', 'bell.label', { n: 21 })).toBe('Уведомления, 21 непрочитанное');
    expect(translate('de', 'cm.count', { n: 2 })).toBe('2 Kommentare');
    expect(translate('en', 'sc.agreeing', { n: 1, total: 2 })).toBe('1 of 2 reviewers agree with the AI');
  });
});
