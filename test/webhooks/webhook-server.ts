// The app behind Probot's real HTTP server on 127.0.0.1 (port 0), for signed webhook POSTs.
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { Probot, Server } from "probot";
import { createApp, type AppDependencies } from "../../src/app.js";
import { TEST_WEBHOOK_SECRET, testProbotOptions } from "../support/test-app.js";

export type WebhookServer = { url: string; stop(): Promise<void> };

export async function startWebhookServer(deps: AppDependencies, log: Logger): Promise<WebhookServer> {
  const server = new Server({
    host: "127.0.0.1",
    // Probot's Server takes `port || 3000`, so 0 must be given as text to mean "any free port".
    port: "0" as unknown as number,
    log,
    Probot: Probot.defaults(testProbotOptions(deps, log)),
  });
  await server.load(createApp(deps));
  const http = await server.start();
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/github/webhooks`, stop: () => server.stop() };
}

export function sign(body: string, secret = TEST_WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export type PostOptions = { event: string; id: string; body: string; signature?: string | null; contentType?: string };

export async function postWebhook(url: string, options: PostOptions): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "x-github-event": options.event,
    "x-github-delivery": options.id,
    "user-agent": "GitHub-Hookshot/test",
  };
  const signature = options.signature === undefined ? sign(options.body) : options.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const response = await fetch(url, { method: "POST", headers, body: options.body });
  return { status: response.status, text: await response.text() };
}
