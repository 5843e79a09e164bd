import { writeAudit, type Actor } from '../../audit/write-audit.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { createPieceInTx } from '../save-piece.js';
import { parsePiecesFile, type UploadedFile } from './parse.js';
import { loadImportContext, toPieceFields, validateTable, type ImportPreview } from './validate.js';

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
      for (const piece of planned) ids.push((await createPieceInTx(tx, actor, toPieceFields(piece))).id);
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
