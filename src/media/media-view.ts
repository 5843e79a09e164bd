import type { MediaAsset } from '../generated/prisma/client.js';

export function toMediaView(a: MediaAsset) {
  return {
    id: a.id,
    kind: a.kind,
    mimeType: a.mimeType,
    bytes: a.bytes,
    width: a.width,
    height: a.height,
    density: a.density,
    altText: a.altText,
    templateId: a.templateId,
    format: a.format,
    pieceId: a.pieceId,
    originalName: a.originalName,
    url: `/api/media/${a.id}/file`,
    createdAt: a.createdAt.toISOString(),
  };
}
