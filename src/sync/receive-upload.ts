// A manual upload of a GHES `all_users.csv` (for instances the app cannot reach): stored as
// PENDING with its body and a run of kind "upload", then processed by processUpload.
import type { Database } from "../db/open-database.js";

/** Larger than any real report (100,000 users ≈ 15 MB), small enough to hold while it is parsed. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

export type UploadReceipt = { id: string; name: string; state: "PENDING"; runId: string };

export async function receiveUpload(
  db: Database,
  upload: { installationId: number; serverId: string; name: string; content: Buffer; uploadedBy: string },
): Promise<UploadReceipt> {
  return db.prisma.$transaction(async (tx) => {
    const run = await tx.syncRun.create({
      data: {
        installationId: upload.installationId,
        serverId: upload.serverId,
        kind: "upload",
        target: "server",
        status: "queued",
        triggeredBy: upload.uploadedBy,
      },
    });
    const row = await tx.upload.create({
      data: {
        installationId: upload.installationId,
        serverId: upload.serverId,
        name: upload.name,
        bytes: upload.content.length,
        content: new Uint8Array(upload.content),
        uploadedBy: upload.uploadedBy,
        runId: run.id,
      },
    });
    return { id: row.id, name: row.name, state: "PENDING", runId: run.id };
  });
}
