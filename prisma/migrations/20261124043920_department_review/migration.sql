-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PieceReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pieceId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "reviewerId" TEXT,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "asDepartment" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "PieceReview_pieceId_fkey" FOREIGN KEY ("pieceId") REFERENCES "Piece" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PieceReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PieceReview" ("comment", "createdAt", "decision", "id", "pieceId", "reviewerId", "version") SELECT "comment", "createdAt", "decision", "id", "pieceId", "reviewerId", "version" FROM "PieceReview";
DROP TABLE "PieceReview";
ALTER TABLE "new_PieceReview" RENAME TO "PieceReview";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

