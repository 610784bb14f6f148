// Turns a PENDING upload into the server's snapshot through the same parser and the same atomic
// replacement as a pull. A bad file becomes FAILURE with the reason (line included) and changes
// nothing else; the body is dropped either way once the outcome is recorded. An aborted `signal`
// (the graceful stop, see uploads-in-flight.ts) stops the read at the next row: the partial
// snapshot goes, the list in force stays, and the upload is FAILURE with the signal's reason.
import { Readable } from "node:stream";
import type { Database } from "../db/open-database.js";
import type { GhesUserRow } from "./ghes-user-row.js";
import { parseAllUsersCsv } from "./parse-all-users-csv.js";
import { replaceServerSnapshot } from "./replace-server-snapshot.js";

export type UploadOutcome = { state: "SUCCESS"; rows: number } | { state: "FAILURE"; error: string } | { state: "GONE" };

async function* untilAborted(rows: AsyncIterable<GhesUserRow>, signal: AbortSignal | undefined): AsyncGenerator<GhesUserRow> {
  for await (const row of rows) {
    signal?.throwIfAborted();
    yield row;
  }
}

export async function processUpload(
  db: Database,
  uploadId: string,
  now: () => Date = () => new Date(),
  signal?: AbortSignal,
): Promise<UploadOutcome> {
  // Callers run one upload at a time per server (the job layer's lock); a finished one is left alone.
  const upload = await db.prisma.upload.findUnique({ where: { id: uploadId } });
  if (!upload || upload.state !== "PENDING") return { state: "GONE" };
  if (upload.runId) {
    await db.prisma.syncRun.update({ where: { id: upload.runId }, data: { status: "running", startedAt: now(), attempt: { increment: 1 } } });
  }
  try {
    signal?.throwIfAborted();
    const body = Readable.from([Buffer.from(upload.content ?? new Uint8Array())]);
    const rows = untilAborted(parseAllUsersCsv(body), signal);
    const result = await replaceServerSnapshot(db, upload.serverId, rows, { source: "uploaded", runId: upload.runId });
    const finishedAt = now();
    await db.prisma.$transaction([
      db.prisma.upload.update({ where: { id: uploadId }, data: { state: "SUCCESS", rows: result.userCount, content: null, finishedAt } }),
      ...(upload.runId
        ? [db.prisma.syncRun.update({ where: { id: upload.runId }, data: { status: "success", finishedAt, usersSeen: result.userCount, error: null } })]
        : []),
      db.prisma.ghesServer.update({
        where: { id: upload.serverId },
        data: { lastSyncAt: finishedAt, lastSyncStatus: "success", lastSyncError: null, lastSyncSource: "uploaded" },
      }),
    ]);
    return { state: "SUCCESS", rows: result.userCount };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const finishedAt = now();
    await db.prisma.$transaction([
      db.prisma.upload.updateMany({ where: { id: uploadId }, data: { state: "FAILURE", error: message, content: null, finishedAt } }),
      ...(upload.runId
        ? [db.prisma.syncRun.updateMany({ where: { id: upload.runId }, data: { status: "failed", finishedAt, error: message } })]
        : []),
    ]);
    return { state: "FAILURE", error: message };
  }
}
