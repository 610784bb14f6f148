// Wraps a webhook handler in the delivery claim: a delivery already taken is acknowledged (200)
// and skipped; a handler that throws releases its claim and the webhook answers 500, so the
// delivery shows as failed on GitHub and a redelivery is processed again.
import type { Context } from "probot";
import type { AppDependencies } from "../app.js";
import { claimDelivery, finishDelivery, releaseDelivery } from "./claim-delivery.js";

/** What a handler did, recorded with the delivery (e.g. "verified", "ignored: unknown installation"). */
export type HandlerOutcome = string;

export type WebhookHandler<C extends Context> = (context: C, deps: AppDependencies) => Promise<HandlerOutcome>;

export function withDelivery<C extends Context>(deps: AppDependencies, handler: WebhookHandler<C>): (context: C) => Promise<void> {
  return async (context) => {
    const action = (context.payload as { action?: unknown }).action;
    const delivery = { id: context.id, event: context.name, action: typeof action === "string" ? action : undefined };
    const label = `${delivery.event}${delivery.action ? `.${delivery.action}` : ""}`;
    const count = (outcome: "processed" | "duplicate" | "failed") => deps.metrics?.webhookDeliveries.inc({ event: label, outcome });
    if ((await claimDelivery(deps.db, delivery, deps.now())) === "duplicate") {
      count("duplicate");
      context.log.info({ delivery: delivery.id }, `${label}: delivery ${delivery.id} was already taken; skipped`);
      return;
    }
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
    count("processed");
    context.log.info({ delivery: delivery.id, outcome }, `${label}: ${outcome}`);
  };
}

/** The work could not be done now (GitHub unreachable); the state stored says what is pending. */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
}
