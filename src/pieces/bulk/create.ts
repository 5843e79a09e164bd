import { writeAudit, type Actor } from '../../audit/write-audit.js';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { pieceAuditState, pieceInclude, pieceSnapshot } from '../piece-view.js';
import { parsePiecesFile, type UploadedFile } from './parse.js';
import { loadImportContext, toPieceFields, validateTable, type ImportPreview, type PlannedPiece } from './validate.js';

/**
 * Creates one draft piece inside the caller's transaction, exactly as createPiece
 * (src/pieces/save-piece.ts) does: owner = the actor, variants, version 1 with its
 * snapshot, and the `create` audit entry. createPiece opens its own transaction, so it
 * cannot take part in the import's single one; the references were checked by the
 * validator, and the foreign keys refuse an activity deleted since.
 */
export async function createPieceInTx(tx: Tx, actor: Actor, planned: PlannedPiece) {
  const { variants, templateFields, scheduledAt, ...fields } = toPieceFields(planned);
  const piece = await tx.piece.create({
    data: {
      ...fields,
      templateFields: templateFields === undefined ? undefined : JSON.stringify(templateFields),
      ownerId: actor.userId,
      scheduledAt: scheduledAt ? new Date(scheduledAt) : null,
      variants: { create: variants.map((v) => ({ network: v.network, title: v.title, text: v.text, link: v.link })) },
    },
    include: pieceInclude,
  });
  await tx.pieceVersion.create({ data: { pieceId: piece.id, version: piece.version, snapshot: pieceSnapshot(piece), createdById: actor.userId } });
  await writeAudit(tx, actor, { action: 'create', entityType: 'Piece', entityId: piece.id, after: pieceAuditState(piece) });
  return piece;
}

export type PreviewOptions = {
  db: Db;
  file: UploadedFile;
  /** The plan whose activities the rows name; the latest plan when absent. */
  planId?: string | null;
  /** A department-scoped caller's departments (null: the caller may use any activity). */
  departmentIds?: string[] | null;
  now?: Date;
};

/** Reads and checks a file without creating anything. */
export async function previewPiecesImport({ db, file, planId, departmentIds = null, now = new Date() }: PreviewOptions): Promise<ImportPreview> {
  const table = await parsePiecesFile(file);
  const ctx = await loadImportContext(db, { planId, departmentIds, now });
  return validateTable(table, ctx);
}

/**
 * Imports a file: when any row has an error nothing is created and the 422 carries the
 * whole preview in `details`; otherwise every row becomes a draft piece in ONE
 * transaction, with an audit entry per piece and one for the import.
 */
export async function importPieces(options: PreviewOptions & { actor: Actor }): Promise<{ created: number; ids: string[]; planId: string; preview: ImportPreview }> {
  const { db, actor, file } = options;
  const preview = await previewPiecesImport(options);
  const failing = preview.rows.filter((r) => r.problems.some((p) => p.severity === 'error'));
  if (failing.length > 0 || preview.errors > 0) {
    const lines = failing.map((r) => r.line);
    const where = lines.length === 1 ? `la fila de la línea ${lines[0]} tiene errores` : `${lines.length} filas tienen errores (líneas ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? '…' : ''})`;
    throw new AppError('unprocessable', `No se creó ninguna pieza: ${where}. Corríjalas y vuelva a subir el archivo.`, { details: preview });
  }
  const planned = preview.rows.map((r) => r.piece!);
  // 500 pieces are a few thousand statements: more than Prisma's default 5 s for an interactive transaction.
  const ids = await db.$transaction(
    async (tx) => {
      const ids: string[] = [];
      for (const piece of planned) ids.push((await createPieceInTx(tx, actor, piece)).id);
      await writeAudit(tx, actor, {
        action: 'import',
        entityType: 'Piece',
        entityId: null,
        after: { planId: preview.plan.id, sourceName: file.filename ?? null, format: preview.format, count: ids.length, ids, warnings: preview.warnings },
      });
      return ids;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { created: ids.length, ids, planId: preview.plan.id, preview };
}
