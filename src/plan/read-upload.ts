import type { Context } from 'hono';
import { AppError } from '../errors.js';

export type UploadedPlan = { bytes: Uint8Array; filename?: string; contentType?: string };

const textTypes = ['text/plain', 'text/tab-separated-values', 'text/csv'];

/**
 * Reads the plan from the request: a raw text body, or the multipart field `file`.
 * Size is limited before this runs (bodyLimit in app.ts).
 */
export async function readPlanUpload(c: Context): Promise<UploadedPlan> {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  if (mediaType === 'multipart/form-data') {
    const form = await c.req.parseBody();
    const file = form['file'];
    if (!(file instanceof File)) {
      throw new AppError('bad_request', 'Adjunte el plan en el campo «file» del formulario.');
    }
    return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, contentType: file.type };
  }
  if (textTypes.includes(mediaType)) {
    return { bytes: new Uint8Array(await c.req.arrayBuffer()), contentType: mediaType };
  }
  throw new AppError(
    'unsupported_media_type',
    'Envíe el plan como texto (text/plain, text/tab-separated-values o text/csv) o como archivo en el campo «file» (multipart/form-data).',
    { details: { contentType: mediaType || null } },
  );
}
