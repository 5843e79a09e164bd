/**
 * The fields an audit entry changed, for people to read: on an update only what differs,
 * on a create or delete every field. Ids and bookkeeping timestamps are left out.
 */
const hidden = new Set(['id', 'createdAt', 'updatedAt']);

export type FieldChange = { field: string; before: string; after: string };

export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const a = asRecord(before);
  const b = asRecord(after);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !hidden.has(f));
  return fields
    .map((field) => ({ field, before: show(a[field]), after: show(b[field]) }))
    .filter((c) => c.before !== c.after);
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
