// Issue 12: the deadline on the welcome page, in the candidate's language and time zone.
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../i18n';
import { de } from '../i18n/de';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { deadlineText } from './deadline';

const now = Date.parse('2026-12-04T12:00:00Z');

describe('the deadline', () => {
  it('is written in the language and the time zone of the candidate', () => {
    const d = deadlineText('de', '2026-12-11T17:00:00Z', now, 'Europe/Berlin');
    expect(d?.date).toMatch(/Freitag, 11\. Dezember 2026.*18:00.*MEZ/);
    expect(deadlineText('en', '2026-12-11T17:00:00Z', now, 'America/New_York')?.date).toMatch(/Friday, December 11, 2026.*12:00.*PM.*EST/);
    expect(deadlineText('ru', '2026-12-11T17:00:00Z', now, 'Europe/Moscow')?.date).toMatch(/пятница, 11 декабря 2026.*20:00/);
  });

  it('counts the days left, and the hours on the last day, with plural forms', () => {
    expect(deadlineText('en', '2026-12-11T17:00:00Z', now)).toMatchObject({ days: 7, hours: null });
    expect(deadlineText('en', '2026-12-05T13:00:00Z', now)).toMatchObject({ days: 1, hours: null });
    expect(deadlineText('en', '2026-12-04T12:30:00Z', now)).toMatchObject({ days: null, hours: 1 });
    expect(formatMessage('en', en['cand.daysLeft'], { n: 1 })).toBe('1 day left');
    expect(formatMessage('ru', ru['cand.daysLeft'], { n: 2 })).toBe('осталось 2 дня');
    expect(formatMessage('ru', ru['cand.daysLeft'], { n: 5 })).toBe('осталось 5 дней');
    expect(formatMessage('de', de['cand.hoursLeft'], { n: 1 })).toBe('noch 1 Stunde');
  });

  it('is nothing for a date it cannot read', () => {
    expect(deadlineText('en', 'soon', now)).toBeNull();
  });
});
