// Webhook fixtures (test/fixtures/<event>/<action>.json, built from GitHub's real examples) and
// delivering them through `probot.receive`, as Probot does after checking the signature.
import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import type { Probot } from "probot";
import type { AppDependencies } from "../../src/app.js";
import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import type { Database } from "../../src/db/open-database.js";
import { isolateNetwork, restoreNetwork } from "../github/github-nock.js";
import { captureLog, createTestProbot, testDependencies } from "../support/test-app.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

export function fixture(event: string, name: string): Payload {
  return JSON.parse(readFileSync(new URL(`../fixtures/${event}/${name}.json`, import.meta.url), "utf8")) as Payload;
}

let counter = 0;

export function deliveryId(): string {
  counter += 1;
  return `0000${counter}-aaaa-4bbb-8ccc-${Date.now().toString(16).padStart(12, "0")}`;
}

export async function deliver(probot: Probot, event: string, payload: Payload, id = deliveryId()): Promise<string> {
  await probot.receive({ id, name: event, payload } as unknown as Parameters<Probot["receive"]>[0]);
  return id;
}

/** A Probot with the app loaded, for `probot.receive` (see createTestProbot). */
export const createWebhookProbot = (deps: AppDependencies, log: Logger): Promise<Probot> => createTestProbot(deps, log);

/** beforeEach/afterEach for a webhook test block: network isolated, every GitHub mock used. */
export function useWebhookProbot(db: () => Database, overrides: Partial<AppDependencies> = {}): { probot: () => Probot; logLines: () => string[] } {
  let probot: Probot | undefined;
  let lines: string[] = [];
  beforeEach(async () => {
    isolateNetwork();
    const captured = captureLog();
    lines = captured.lines;
    probot = await createWebhookProbot(await testDependencies(db(), overrides), captured.log);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    restoreNetwork();
    expect(pending).toEqual([]);
  });
  return { probot: () => probot!, logLines: () => lines };
}
