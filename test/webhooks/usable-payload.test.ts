// The payload check in front of every handler: GitHub's real payloads pass; signed payloads a
// handler cannot use are named and refused (the HTTP side is in webhook-http.test.ts); a usable
// delivery is verified and parsed once on its way to the handlers.
import { readdirSync } from "node:fs";
import { Probot } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { guardWebhookReceiver, requireUsablePayload, UnusablePayloadError } from "../../src/webhooks/usable-payload.js";
import { captureLog, TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { fixture } from "./deliver.js";
import { sign } from "./webhook-server.js";

const EVENTS = ["installation", "installation_target", "organization", "push", "github_app_authorization"];

describe("requireUsablePayload", () => {
  it.each(EVENTS.flatMap((event) => readdirSync(new URL(`../fixtures/${event}/`, import.meta.url)).map((file) => [event, file.replace(/\.json$/, "")])))(
    "passes GitHub's %s payload %s",
    (event, name) => {
      expect(() => requireUsablePayload(event, fixture(event, name))).not.toThrow();
    },
  );

  it.each([
    ["installation", { ...fixture("installation", "suspend"), installation: { id: "957387" } }, "installation.id"],
    ["installation", { ...fixture("installation", "suspend"), installation: { id: 1.5 } }, "installation.id"],
    ["installation", { ...fixture("installation", "suspend"), installation: { id: 2 ** 64 } }, "installation.id"],
    ["installation", { ...fixture("installation", "created"), sender: { login: "octo\u0000owner" } }, "sender.login"],
    ["installation_target", { ...fixture("installation_target", "renamed"), account: { id: 1, login: "\udfffacme" } }, "account.login"],
    ["organization", { ...fixture("organization", "member_removed"), organization: null }, "organization"],
    ["push", { ...fixture("push", "settings-changed"), repository: "acme/.github" }, "repository"],
    ["push", { ...fixture("push", "settings-changed"), sender: { login: { $ne: null } } }, "sender.login"],
    ["github_app_authorization", { action: "revoked", sender: { id: -1, login: "x" } }, "sender.id"],
    ["issues", { action: "opened", installation: { id: {} } }, "installation.id"],
  ] as const)("refuses a %s payload that cannot be used (case %#)", (event, payload, path) => {
    let error: unknown;
    try {
      requireUsablePayload(event, payload as Record<string, unknown>);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnusablePayloadError);
    expect((error as UnusablePayloadError).status).toBe(400);
    expect((error as Error).message).toContain(`payload cannot be used: ${path}`);
  });
  it("names the event in ASCII only (the response's Content-Length counts UTF-16 units)", () => {
    expect(() => requireUsablePayload("\u00efssues\u00ff", { action: "op\u00e9ned", installation: { id: "x" } })).toThrow(/^\?ssues\?\.op\?ned payload cannot be used: installation\.id/);
    expect(() => requireUsablePayload("issues", { action: "op\u00e9ned", installation: { id: "x" } })).toThrow("issues.op?ned payload cannot be used");
  });
});

describe("guardWebhookReceiver", () => {
  afterEach(() => vi.restoreAllMocks());

  /** Probot's own @octokit/webhooks, guarded, with its original verifyAndReceive watched. */
  async function guarded() {
    const { webhooks } = await new Probot({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, secret: TEST_WEBHOOK_SECRET, log: captureLog().log }).ready();
    const handled: unknown[] = [];
    webhooks.on("push", ({ payload }) => void handled.push(payload));
    const original = vi.spyOn(webhooks, "verifyAndReceive");
    guardWebhookReceiver(webhooks);
    const verify = vi.spyOn(webhooks, "verify");
    const receive = (body: string, signature = sign(body)) => webhooks.verifyAndReceive({ id: "d-1", name: "push", payload: body, signature });
    /** The first error of the AggregateError @octokit/webhooks answers with (its status is the response's). */
    const refusal = (body: string, signature?: string) => receive(body, signature).then(() => expect.unreachable(), (error: AggregateError) => error.errors[0] as Error & { status?: number });
    return { handled, original, verify, receive, refusal };
  }

  it("checks the signature and parses the body of a usable delivery once, handing the parsed payload on", async () => {
    const { handled, original, verify, receive } = await guarded();
    const payload = fixture("push", "settings-changed");
    const body = JSON.stringify(payload);
    const parse = vi.spyOn(JSON, "parse");
    await receive(body);
    expect(handled).toEqual([payload]);
    expect(parse.mock.calls.filter(([text]) => text === body)).toHaveLength(1);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(original).not.toHaveBeenCalled();
  });

  it("leaves a wrong signature and invalid JSON to @octokit/webhooks' own answers (400)", async () => {
    const { handled, original, refusal } = await guarded();
    const body = JSON.stringify(fixture("push", "settings-changed"));
    const unsigned = await refusal(body, sign(body, "not-the-secret"));
    expect(unsigned).toMatchObject({ status: 400, message: expect.stringContaining("signature does not match") });
    expect(await refusal('{"ref": ')).toMatchObject({ status: 400, message: "Invalid JSON" });
    expect(original).toHaveBeenCalledTimes(2);
    expect(handled).toEqual([]);
  });

  it("refuses an action that is not a string (400): @octokit/webhooks could not make the event's name of it", async () => {
    const { handled, original, refusal } = await guarded();
    const error = await refusal(JSON.stringify({ ...fixture("installation", "deleted"), action: { toString: [] } }));
    expect(error).toBeInstanceOf(UnusablePayloadError);
    expect(error.message).toMatch(/ payload cannot be used: action is not a string$/);
    expect(original).not.toHaveBeenCalled();
    expect(handled).toEqual([]);
  });

  it("refuses a payload its handler cannot use (400) before any handler", async () => {
    const { handled, original, refusal } = await guarded();
    const error = await refusal(JSON.stringify({ ...fixture("push", "settings-changed"), repository: "acme/.github" }));
    expect(error).toBeInstanceOf(UnusablePayloadError);
    expect(error.status).toBe(400);
    expect(original).not.toHaveBeenCalled();
    expect(handled).toEqual([]);
  });
});
