// Wraps a webhook handler in the delivery claim: a delivery already taken is acknowledged (200)
// and skipped; a handler that throws releases its claim and the webhook answers 500, so the
// delivery shows as failed on GitHub and a redelivery is processed again.
// A handler may say from the payload alone that there is nothing to do (`settled`: most pushes
// touch no settings file); such a delivery is claimed and finished in one statement, and its
// outcome is recorded just the same.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { claimDelivery, finishDelivery, recordSettledDelivery, releaseDelivery } from "./claim-delivery.js";

/** What a handler did, recorded with the delivery (e.g. "verified", "ignored: unknown installation"). */
export type HandlerOutcome = string;

export type WebhookHandler<C extends Context> = (context: C, deps: AppDependencies) => Promise<HandlerOutcome>;

/** The outcome when the payload alone shows there is nothing to do; undefined when the handler must run. */
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
    if (settledOutcome !== undefined) {
      if ((await recordSettledDelivery(deps.db, delivery, settledOutcome, deps.now())) === "duplicate") return skipped();
      // Recorded with the delivery; at debug level, as every push of the organization lands here.
      return done(settledOutcome, "debug");
    }
    if ((await claimDelivery(deps.db, delivery, deps.now())) === "duplicate") return skipped();
    let outcome: HandlerOutcome;
    try {
      outcome = await handler(context, deps);
    } catch (error) {
      count("failed");
      await releaseDelivery(deps.db, delivery.id).catch((releaseError: unknown) =>
        context.log.error({ err: releaseError, delivery: delivery.id }, `${label}: could not release the delivery claim`),
      );
      throw error;
    }
    await finishDelivery(deps.db, delivery.id, outcome, deps.now());
    done(outcome);
  };
}

/** The work could not be done now (GitHub unreachable); the state stored says what is pending. */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}
