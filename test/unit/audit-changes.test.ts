import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../src/audit/changes.js';

describe('auditChanges', () => {
  it('lists only the fields an update changed, without ids and timestamps', () => {
    const before = { id: 'a', progress: 0, status: 'pending', goal: 'Meta', updatedAt: '2026-01-01' };
    const after = { id: 'a', progress: 25, status: 'in_progress', goal: 'Meta', updatedAt: '2026-01-02' };
    expect(auditChanges(before, after)).toEqual([
      { field: 'progress', before: '0', after: '25' },
      { field: 'status', before: 'pending', after: 'in_progress' },
    ]);
  });
  it('shows every field of a create, and marks a delete', () => {
    expect(auditChanges(null, { title: 'Afiche', activityId: null })).toEqual([
      { field: 'title', before: '', after: 'Afiche' },
      { field: 'activityId', before: '', after: '—' },
    ]);
    expect(auditChanges({ title: 'Afiche' }, null)).toEqual([{ field: 'title', before: 'Afiche', after: '' }]);
  });
  it('shortens long values', () => {
    const [change] = auditChanges({ body: '' }, { body: 'x'.repeat(500) });
    expect(change!.after).toHaveLength(118);
    expect(change!.after.endsWith('…')).toBe(true);
  });
});
