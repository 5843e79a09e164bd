import { createHash, createHmac, randomBytes } from 'node:crypto';
import { jsx } from 'hono/jsx';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { loadSecretKey } from '../auth/secret-box.js';

/**
 * Abuse limits of the public forms (surveys, citizens' questions), without keeping anything
 * that identifies the sender:
 *
 * - a honeypot field (`sitio_web`) people never see nor fill: a form that brings it filled
 *   came from a robot, and is thanked without storing anything;
 * - a rate limit per sender and form: SubmissionCounter rows keyed by
 *   SHA-256(daily salt ‖ client address ‖ form). The salt is an HMAC of the UTC day under a key
 *   derived from the app secret (PREGON_SECRET or data/secret.key, src/auth/secret-box.ts): it
 *   changes every day and is never stored, so a key cannot be turned back into an address
 *   (even by trying every IPv4 address) without the secret, and keys of different days cannot
 *   be linked. The address itself is never written anywhere.
 *
 * A counter counts the submissions of its hour window (from the first one); rows whose window
 * started more than a day ago are deleted whenever a counter is written.
 */

/** The honeypot's field name: visually hidden, aria-hidden, tabindex -1, autocomplete off. */
export const honeypotField = 'sitio_web';

/**
 * The honeypot of a public form, put just before its submit button: out of sight
 * (public/participa.css .hp-field), hidden from screen readers and from the keyboard, empty and
 * never autofilled. Written with jsx() because this file has no JSX syntax.
 */
export function HoneypotField() {
  return jsx(
    'div',
    { class: 'hp-field', 'aria-hidden': 'true' },
    jsx('label', { for: 'hp-sitio-web' }, 'Sitio web (deje este campo vacío)'),
    jsx('input', { type: 'text', id: 'hp-sitio-web', name: honeypotField, tabindex: -1, autocomplete: 'off', value: '' }),
  );
}

/** Whether a robot filled the hidden field (any non-blank value). */
export function isHoneypotFilled(form: Record<string, unknown>): boolean {
  const value = form[honeypotField];
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => typeof v === 'string' && v.trim() !== '');
}

const WINDOW_MS = 60 * 60_000;
const KEEP_MS = 24 * 60 * 60_000;

/** A key for this process when no app secret is given: still secret, never stored. */
const processKey = randomBytes(32);

const derivedKeys = new WeakMap<object, Buffer>();

/**
 * The key the daily salts are made from, derived from the app secret (never the secret-box key
 * itself). Read once per configuration.
 */
export function submissionSecretOf(config: Pick<Config, 'secret' | 'secretFile'>): Buffer {
  let key = derivedKeys.get(config);
  if (!key) {
    key = createHmac('sha256', loadSecretKey(config)).update('pregon:submission-limit').digest();
    derivedKeys.set(config, key);
  }
  return key;
}

/** The salt of the UTC day of `now`: HMAC(secret, day). */
export function dailySalt(secret: Buffer | string, now: Date): Buffer {
  return createHmac('sha256', secret).update(`salt:${now.toISOString().slice(0, 10)}`).digest();
}

/** The counter's key: SHA-256 of the day's salt, the address and the form, in hex. */
export function submissionKey(secret: Buffer | string, now: Date, clientAddress: string, form: string): string {
  return createHash('sha256').update(dailySalt(secret, now)).update('\0').update(clientAddress).update('\0').update(form).digest('hex');
}

export type SubmissionLimitResult = {
  /** False when this sender already sent `limitPerHour` submissions of this form in the window. */
  allowed: boolean;
  /** Submissions counted in the window, this one included when allowed. */
  count: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
};

export type SubmissionLimitInput = {
  /** What is being submitted, e.g. `encuesta:<slug>` or `preguntas`. */
  form: string;
  /** The sender's address (clientIp(); pass a constant such as 'desconocida' when there is none). Hashed, never stored. */
  clientAddress: string;
  now: Date;
  limitPerHour: number;
  /** The key for the daily salt: submissionSecretOf(c.var.config). Without it, a random key of this process (counts restart with the process). */
  secret?: Buffer | string;
};

/**
 * Counts one submission of `form` by `clientAddress` and says whether it is allowed. A
 * refused one is not counted. One write transaction (BEGIN IMMEDIATE), so two requests at the
 * same time cannot both pass the limit.
 */
export async function checkSubmissionLimit(db: Db, input: SubmissionLimitInput): Promise<SubmissionLimitResult> {
  const { form, clientAddress, now, limitPerHour } = input;
  const key = submissionKey(input.secret ?? processKey, now, clientAddress, form);
  return db.$transaction(async (tx) => {
    await tx.submissionCounter.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - KEEP_MS) } } });
    const row = await tx.submissionCounter.findUnique({ where: { key } });
    if (!row || now.getTime() - row.windowStart.getTime() >= WINDOW_MS) {
      await tx.submissionCounter.upsert({ where: { key }, create: { key, count: 1, windowStart: now }, update: { count: 1, windowStart: now } });
      return { allowed: true, count: 1, retryAfterSeconds: Math.ceil(WINDOW_MS / 1000) };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
    if (row.count >= limitPerHour) return { allowed: false, count: row.count, retryAfterSeconds };
    await tx.submissionCounter.update({ where: { key }, data: { count: { increment: 1 } } });
    return { allowed: true, count: row.count + 1, retryAfterSeconds };
  });
}
