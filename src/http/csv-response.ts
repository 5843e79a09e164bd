import type { Context } from 'hono';

/** A CSV made with src/lib/csv.ts as a download with a Spanish file name. */
export function csvAttachment(c: Context, body: string, fileName: string) {
  return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` });
}
