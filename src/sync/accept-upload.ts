// An upload as both doors take it (the API and the dashboard's form): recorded PENDING at once,
// processed after the caller has answered, and counted again when it succeeds. The processing is
// tracked, so the graceful stop waits for it (uploads-in-flight.ts).
import type { Database } from "../db/open-database.js";
import type { JobSystem } from "../jobs/index.js";
import { processUpload } from "./process-upload.js";
import { receiveUpload, type UploadReceipt } from "./receive-upload.js";
import { trackUpload } from "./uploads-in-flight.js";

export type UploadDoor = {
  db: Database;
  now: () => Date;
  engine: Pick<JobSystem, "enqueueRecount"> | null;
  log: { error(obj: object, msg: string): void };
};

export async function acceptUpload(door: UploadDoor, upload: Parameters<typeof receiveUpload>[1]): Promise<UploadReceipt> {
  const receipt = await receiveUpload(door.db, upload);
  void trackUpload(door.db, receipt.id, async (signal) => {
    const outcome = await processUpload(door.db, receipt.id, door.now, signal);
    if (outcome.state === "SUCCESS") await door.engine?.enqueueRecount(upload.installationId);
  }).catch((error: unknown) => door.log.error({ err: error, uploadId: receipt.id }, "upload processing failed"));
  return receipt;
}
