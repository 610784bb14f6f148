// Every finished server or cloud job asks for its installation's recount. The recount queue keeps
// one waiting job per installation ("short" policy) and each waits `recountDelaySeconds`, so the
// jobs that finish together share one recount; the recount itself waits until the installation
// has no queued or running pull left (run-recount-job.ts).
import { QUEUES } from "./queues.js";
import type { JobContext } from "./job-context.js";

/** The new job's id, or null when a recount of this installation is already waiting. */
export async function enqueueRecount(ctx: JobContext, installationId: number, delaySeconds = ctx.settings.recountDelaySeconds): Promise<string | null> {
  return ctx.boss.send(QUEUES.recount, { installationId }, {
    singletonKey: String(installationId),
    startAfter: delaySeconds > 0 ? delaySeconds : undefined,
  });
}
