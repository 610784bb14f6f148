// The payload check in front of every handler: GitHub's real payloads pass; signed payloads a
// handler cannot use are named and refused (the HTTP side is in webhook-http.test.ts).
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { requireUsablePayload, UnusablePayloadError } from "../../src/webhooks/usable-payload.js";
import { fixture } from "./deliver.js";

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
