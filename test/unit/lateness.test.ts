import { describe, expect, it } from 'vitest';
import { activityLateness } from '../../src/plan/lateness.js';
import { weightedProgress } from '../../src/plan/plan-tree.js';

const base = { status: 'pending' as const, plannedStart: '2026-03-01', plannedEnd: '2026-03-31', actualStart: null };

describe('activityLateness', () => {
  it('is on time before the planned start', () => {
    expect(activityLateness(base, '2026-02-28')).toEqual({ late: false });
  });
  it('is on time on the planned start day itself', () => {
    expect(activityLateness(base, '2026-03-01')).toEqual({ late: false });
  });
  it('is late to start the day after the planned start when nothing began', () => {
    expect(activityLateness(base, '2026-03-04')).toEqual({ late: true, reason: 'not_started', daysLate: 3 });
  });
  it('is not late to start once it is in progress or has an actual start', () => {
    expect(activityLateness({ ...base, status: 'in_progress' }, '2026-03-04')).toEqual({ late: false });
    expect(activityLateness({ ...base, actualStart: '2026-03-02' }, '2026-03-04')).toEqual({ late: false });
  });
  it('is overdue after the planned end, which wins over not started', () => {
    expect(activityLateness(base, '2026-04-02')).toEqual({ late: true, reason: 'not_finished', daysLate: 2 });
    expect(activityLateness({ ...base, status: 'in_progress' }, '2026-04-01')).toEqual({ late: true, reason: 'not_finished', daysLate: 1 });
  });
  it('is never late when done or cancelled', () => {
    expect(activityLateness({ ...base, status: 'done' }, '2027-01-01')).toEqual({ late: false });
    expect(activityLateness({ ...base, status: 'cancelled' }, '2027-01-01')).toEqual({ late: false });
  });
  it('is never late without dates', () => {
    expect(activityLateness({ ...base, plannedStart: null, plannedEnd: null }, '2030-01-01')).toEqual({ late: false });
  });
});

describe('weightedProgress', () => {
  it('weights each activity and leaves cancelled ones out', () => {
    const rows = [
      { progress: 100, weight: 3, status: 'done' },
      { progress: 0, weight: 1, status: 'pending' },
      { progress: 100, weight: 5, status: 'cancelled' },
    ];
    // (100*3 + 0*1) / 4 = 75
    expect(weightedProgress(rows)).toBe(75);
  });
  it('is 0 with nothing to weigh', () => {
    expect(weightedProgress([])).toBe(0);
    expect(weightedProgress([{ progress: 50, weight: 0, status: 'pending' }])).toBe(0);
  });
});
