// Wraps a webhook handler in the delivery claim: a delivery already taken is acknowledged (200)
// and skipped; a handler that throws releases its claim and the webhook answers 500, so the
// delivery shows as failed on GitHub and a redelivery is processed again. The answer names the
// delivery and nothing more: the error itself goes to the log.
// A handler may say from the payload alone that there is nothing to do (`settled`: most pushes
// touch no settings file). Such a delivery never touches the database: processing it twice does
// nothing, so there is nothing to de-duplicate, and every push of every repository of an
// organization lands here (the insert that recorded it was most of a push's cost; see
// `npm run bench:load`). It is counted and logged like any other.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { asciiOnly } from "./ascii-only.js";
import { claimDelivery, finishDelivery, releaseDelivery } from "./claim-delivery.js";

/** What a handler did, recorded with the delivery (e.g. "verified", "ignored: unknown installation"). */
export type HandlerOutcome = string;

export type WebhookHandler<C extends Context> = (context: C, deps: AppDependencies) => Promise<HandlerOutcome>;

/**
 * The outcome when the payload alone shows there is nothing to do; undefined when the handler must
 * run. Such a delivery is neither claimed nor stored, so answer only where processing it would
 * change nothing (any number of times).
 */
export type SettledCheck<C extends Context> = (context: C) => HandlerOutcome | undefined;

export function withDelivery<C extends Context>(
  deps: AppDependencies,
  handler: WebhookHandler<C>,
  settled?: SettledCheck<C>,
): (context: C) => Promise<void> {
  return async (context) => {
    const action = (context.payload as { action?: unknown }).action;
    const delivery = { id: context.id, event: context.name, action: typeof action === "string" ? action : undefined };
    const label = `${delivery.event}${delivery.action ? `.${delivery.action}` : ""}`;
    const count = (outcome: "processed" | "duplicate" | "failed") => deps.metrics?.webhookDeliveries.inc({ event: label, outcome });
    const skipped = () => {
      count("duplicate");
      context.log.info({ delivery: delivery.id }, `${label}: delivery ${delivery.id} was already taken; skipped`);
    };
    const done = (outcome: HandlerOutcome, level: "info" | "debug" = "info") => {
      count("processed");
      context.log[level]({ delivery: delivery.id, outcome }, `${label}: ${outcome}`);
    };
    const settledOutcome = settled?.(context);
    // No claim and no row; at debug level, as every push of the organization lands here.
    if (settledOutcome !== undefined) return done(settledOutcome, "debug");
    if ((await claimDelivery(deps.db, delivery, deps.now())) === "duplicate") return skipped();
    let outcome: HandlerOutcome;
    try {
      outcome = await handler(context, deps);
    } catch (error) {
      count("failed");
      context.log.error({ err: error, delivery: delivery.id }, `${label}: delivery ${delivery.id} failed`);
      await releaseDelivery(deps.db, delivery.id).catch((releaseError: unknown) =>
        context.log.error({ err: releaseError, delivery: delivery.id }, `${label}: could not release the delivery claim`),
      );
      throw new DeliveryFailedError(label, delivery.id, error);
    }
    await finishDelivery(deps.db, delivery.id, outcome, deps.now());
    done(outcome);
  };
}

/**
 * A handler's failure as the webhook answers it: 500 whatever the cause (a GitHub error's own 4xx
 * would tell GitHub the delivery was at fault), and a message in ASCII (see ascii-only.ts; a
 * database error quoting "→" went out with more bytes than it announced) without the cause, which
 * may quote stored data.
 */
export class DeliveryFailedError extends Error {
  override readonly name = "DeliveryFailedError";
  readonly status = 500;
  constructor(label: string, deliveryId: string, cause: unknown) {
    super(asciiOnly(`${label} delivery ${deliveryId} failed; the app's log has the cause`), { cause });
  }
}

/** The work could not be done now (GitHub unreachable); the state stored says what is pending. */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}
