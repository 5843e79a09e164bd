import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';

export type ErrorBody = { error: { code: string; message: string; details: unknown } };

/** Turns any thrown value into the uniform JSON error; internals never reach the client. */
export function toErrorResponse(err: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  const app = toAppError(err);
  return { status: app.status, body: { error: { code: app.code, message: app.message, details: app.details } } };
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err);
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('payload_too_large', 'La solicitud es demasiado grande.');
    return new AppError('bad_request', 'La solicitud no es válida.', { status: err.status as ContentfulStatusCode });
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2025') return new AppError('not_found', 'El registro solicitado no existe.');
    if (err.code === 'P2002') return new AppError('conflict', 'Ya existe un registro con esos datos.');
    if (err.code === 'P2003') return new AppError('unprocessable', 'El registro hace referencia a otro que no existe.');
  }
  return new AppError('internal', 'Ocurrió un error interno. Inténtelo de nuevo; si persiste, avise al administrador.');
}

export function validationError(err: ZodError): AppError {
  const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = details[0];
  const where = first && first.path ? ` (${first.path}: ${first.message})` : first ? ` (${first.message})` : '';
  return new AppError('validation_failed', `Los datos enviados no son válidos${where}.`, { details });
}

export function errorHandler(err: Error, c: Context): Response {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) console.error(`[${c.get('requestId') ?? '-'}]`, err);
  if (c.req.path.startsWith('/api/')) return c.json(body, status);
  // A page asked for without a session goes to the sign-in form, and comes back after it.
  if (status === 401 && c.req.method === 'GET') return c.redirect(`/ingresar?volver=${encodeURIComponent(c.req.path)}`);
  return c.html(errorPage(body.error.message), status);
}

function errorPage(message: string): string {
  const escaped = message.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="es-CO"><meta charset="utf-8"><title>Error · Pregón</title><link rel="stylesheet" href="/public/styles.css"><main class="page"><h1>No fue posible completar la solicitud</h1><p>${escaped}</p><p><a href="/">Volver al plan</a></p></main></html>`;
}
