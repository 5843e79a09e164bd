import { expect } from 'vitest';

/**
 * Requests as the pages send them, and reading what comes back, for tests that go through the
 * real app (createTestContext). A JSON body is jsonRequest in test-db.ts.
 */

/** Who a request goes through: the app itself (`t.anon`) or a Client of test-db.ts. */
export type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** A form's POST, urlencoded; a name given several values (an array, or repeated pairs) is sent once per value. */
export function formRequest(fields: Record<string, string | string[]> | [string, string][]): RequestInit {
  const body = new URLSearchParams();
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields).flatMap(([k, v]) => [v].flat().map((one): [string, string] => [k, one]));
  for (const [k, v] of pairs) body.append(k, v);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
}

/**
 * A page form's POST as the browser sends it: urlencoded, with the session's cookie and its CSRF
 * token in the `_csrf` field only (no X-CSRF-Token header, so the form's own field is what counts).
 */
export async function submitForm(app: Requester, session: { cookie: string; csrfToken: string }, path: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ ...fields, _csrf: session.csrfToken });
  return app.request(path, { method: 'POST', body, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
}

/** The HTML of a page, after checking its status (the page's start in the message if it differs) and that it is HTML. */
export async function pageHtml(client: Requester, path: string, status = 200): Promise<string> {
  const res = await client.request(path);
  const html = await res.text();
  expect(res.status, html.slice(0, 2000)).toBe(status);
  expect(res.headers.get('content-type')).toContain('text/html');
  return html;
}

/** A CSV body as written, byte-order mark included (Response.text() drops it). */
export async function csvText(res: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
}

/** A CSV as toCsv writes it (a byte-order mark, every field quoted, CRLF after every row), back into rows. */
export function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 1;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let value = '';
    i++;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (text[i] === '"') {
        i++;
        break;
      } else value += text[i++];
    }
    row.push(value);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
