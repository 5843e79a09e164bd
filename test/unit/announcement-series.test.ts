import { describe, expect, it } from 'vitest';
import { checkX } from '../../src/channels/x/rules.js';
import { announcementSeries, seriesKeys, type SeriesInput, type SuggestedPiece } from '../../src/dialogue/hearing/series.js';
import { fromLocalDateTime } from '../../src/lib/dates.js';
import { addDays } from '../../src/plan/derive-dates.js';
import { localDateTimeInput } from '../../src/web/format.js';

const link = 'https://pregon.sanmartin.gov.co/participa';

function series(local: string, timeZone: string, extra: Partial<SeriesInput> = {}) {
  const startsAt = fromLocalDateTime(local, timeZone)!;
  const items = announcementSeries({ title: 'Audiencia pública de rendición de cuentas', startsAt, place: 'Teatro Municipal', link, timeZone, ...extra });
  const byKey = Object.fromEntries(items.map((i) => [i.key, i])) as Record<SuggestedPiece['key'], SuggestedPiece>;
  return { startsAt, items, byKey, utc: (k: SuggestedPiece['key']) => byKey[k].scheduledAt.toISOString(), local: (k: SuggestedPiece['key']) => localDateTimeInput(byKey[k].scheduledAt.toISOString(), timeZone) };
}

describe('addDays', () => {
  it('crosses month and year boundaries and leap days', () => {
    expect(addDays('2026-12-01', -1)).toBe('2026-11-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -30)).toBe('2026-01-30');
  });
});

describe('announcement series of the hearing', () => {
  it('has the seven announcements in order, from T−30 days to the thank-you', () => {
    const { items } = series('2026-12-01T15:00', 'America/Bogota');
    expect(items.map((i) => i.key)).toEqual([...seriesKeys]);
    expect(items.map((i) => i.kind)).toEqual(['social_post', 'social_post', 'press_release', 'social_post', 'live_announcement', 'live_announcement', 'social_post']);
    const times = items.map((i) => i.scheduledAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('puts day announcements at 9:00 in Bogotá (UTC−5, no DST), across a month boundary', () => {
    const s = series('2026-12-01T15:00', 'America/Bogota');
    expect(s.startsAt.toISOString()).toBe('2026-12-01T20:00:00.000Z');
    expect(s.utc('t-30d')).toBe('2026-11-01T14:00:00.000Z');
    expect(s.utc('t-15d')).toBe('2026-11-16T14:00:00.000Z');
    expect(s.utc('t-7d')).toBe('2026-11-24T14:00:00.000Z');
    expect(s.utc('t-1d')).toBe('2026-11-30T14:00:00.000Z');
    expect(s.utc('t-1h')).toBe('2026-12-01T19:00:00.000Z');
    expect(s.utc('live')).toBe('2026-12-01T20:00:00.000Z');
    expect(s.utc('thanks')).toBe('2026-12-02T14:00:00.000Z');
  });

  it('keeps 9:00 on the wall clock in New York on both sides of the DST change (8 March 2026)', () => {
    const s = series('2026-03-10T18:00', 'America/New_York');
    expect(s.startsAt.toISOString()).toBe('2026-03-10T22:00:00.000Z'); // EDT, UTC−4
    expect(s.utc('t-30d')).toBe('2026-02-08T14:00:00.000Z'); // EST, UTC−5
    expect(s.utc('t-15d')).toBe('2026-02-23T14:00:00.000Z');
    expect(s.utc('t-7d')).toBe('2026-03-03T14:00:00.000Z');
    expect(s.utc('t-1d')).toBe('2026-03-09T13:00:00.000Z'); // EDT
    expect(s.utc('thanks')).toBe('2026-03-11T13:00:00.000Z');
    for (const k of ['t-30d', 't-15d', 't-7d', 't-1d', 'thanks'] as const) expect(s.local(k).slice(11)).toBe('09:00');
    expect(s.local('t-7d')).toBe('2026-03-03T09:00');
    expect(s.local('t-1d')).toBe('2026-03-09T09:00');
  });

  it('takes the hour before across midnight into the previous day', () => {
    const s = series('2026-07-01T00:30', 'America/Bogota');
    expect(s.utc('t-1h')).toBe('2026-07-01T04:30:00.000Z');
    expect(s.local('t-1h')).toBe('2026-06-30T23:30');
    expect(s.local('t-1d')).toBe('2026-06-30T09:00');
    expect(s.local('t-30d')).toBe('2026-06-01T09:00');
  });

  it('takes exactly one hour before when the clocks jump (New York, 3:30 a.m. EDT on the DST morning)', () => {
    const s = series('2026-03-08T03:30', 'America/New_York');
    expect(s.startsAt.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(s.byKey['t-1h'].scheduledAt.getTime()).toBe(s.startsAt.getTime() - 3_600_000);
    expect(s.local('t-1h')).toBe('2026-03-08T01:30'); // 2:00 to 3:00 does not exist that night
    expect(s.local('t-1d')).toBe('2026-03-07T09:00');
    expect(s.utc('t-1d')).toBe('2026-03-07T14:00:00.000Z');
  });

  it('writes the date, time, place and link into every invitation, and fits X', () => {
    const { items, byKey } = series('2026-12-01T15:00', 'America/Bogota');
    for (const k of ['t-30d', 't-15d', 't-7d', 't-1d'] as const) {
      expect(byKey[k].body).toContain('martes 1 de diciembre de 2026 a las 3:00 p. m.');
      expect(byKey[k].body).toContain('en Teatro Municipal');
      expect(byKey[k].body).toContain(link);
      expect(byKey[k].shortText).toContain('martes 1 de diciembre de 2026');
    }
    expect(byKey['t-7d'].body).toMatch(/^La Administración Municipal invita a toda la ciudadanía\. La audiencia pública de rendición de cuentas será el martes/);
    expect(byKey['live'].title).toBe('En vivo: Audiencia pública de rendición de cuentas');
    for (const item of items) {
      const check = checkX({ title: null, text: item.shortText, link: null, options: {}, media: [] });
      expect(check.issues.filter((i) => i.severity === 'error'), item.key).toEqual([]);
      expect(item.shortText).toContain(item.link);
    }
  });

  it('links the thank-you to the recording when there is one, else to the stream', () => {
    const watch = 'https://www.youtube.com/watch?v=abc123';
    const recording = 'https://www.youtube.com/watch?v=grabacion';
    const before = series('2026-12-01T15:00', 'America/Bogota', { link: watch });
    expect(before.byKey.thanks.link).toBe(watch);
    expect(before.byKey.thanks.body).toContain(`vea la grabación en ${watch}`);
    const after = series('2026-12-01T15:00', 'America/Bogota', { link: watch, recordingUrl: recording });
    expect(after.byKey.thanks.link).toBe(recording);
    expect(after.byKey.thanks.shortText).toContain(recording);
    expect(after.byKey['t-1d'].link).toBe(watch);
  });

  it('leaves out the place when the hearing has none yet, without a doubled period', () => {
    const { byKey } = series('2026-12-01T15:00', 'America/Bogota', { place: null });
    expect(byKey['t-30d'].body).toContain('será el martes 1 de diciembre de 2026 a las 3:00 p. m. Conozca');
    expect(byKey['t-30d'].shortText).toContain('a las 3:00 p. m. Participe');
    for (const item of Object.values(byKey)) {
      expect(item.body).not.toMatch(/\.\.|null|undefined/);
      expect(item.shortText).not.toMatch(/\.\.|null|undefined/);
    }
  });
});
