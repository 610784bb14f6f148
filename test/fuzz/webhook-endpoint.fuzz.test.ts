// The webhook endpoint fuzzed over real HTTP, on both databases, with the whole app behind it.
//
// What is right:
// - Unsigned, wrongly signed, garbled headers, wrong content type: refused 4xx by Probot's
//   middleware before any handler runs; nothing stored.
// - Correctly signed (only GitHub, or whoever holds the secret) but unusable: invalid JSON, JSON that
//   is not an object, or a payload of a known event without the fields its handler needs, or with
//   values of the wrong type, out of range or holding NUL. Refused with 400, nothing stored, not
//   even the delivery id: a 500 would tell GitHub "try again later", which can never help, and a
//   claimed id would make a corrected redelivery look like a duplicate.
// - Correctly signed and usable (GitHub's real payloads with hostile strings where GitHub puts
//   free text): 200; the delivery id is recorded, and only the tables that event may change change.
// - An event the app has no handler for: 200 (acknowledged), nothing stored.
// GitHub itself is stood in to answer every call (404 for anything the test does not describe),
// so no 5xx can come from "GitHub unreachable".
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import nock from "nock";
import { beforeEach, expect, it } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { GITHUB_API, seedInstallation, useTestApp } from "../http/api/serve-test-app.js";
import { assertProperty, hostileJsonText, hostileJsonValue, HOSTILE_KEYS, nastyString, tableState, wrongValue } from "./fuzz-support.js";
import { expectNothingStored, headerValue, rawRequest } from "./http-fuzz.js";

const PATH = "/api/github/webhooks";

type Json = Record<string, unknown>;

const FIXTURES: Array<{ event: string; name: string; payload: Json }> = [
  ["installation", "created"],
  ["installation", "deleted"],
  ["installation", "suspend"],
  ["installation", "unsuspend"],
  ["installation", "new_permissions_accepted"],
  ["installation_target", "renamed"],
  ["organization", "renamed"],
  ["organization", "deleted"],
  ["organization", "member_added"],
  ["organization", "member_removed"],
  ["push", "settings-changed"],
  ["github_app_authorization", "revoked"],
].map(([event, name]) => ({ event: event!, name: name!, payload: JSON.parse(readFileSync(new URL(`../fixtures/${event}/${name}.json`, import.meta.url), "utf8")) as Json }));

/** Tables a usable delivery of each event may change (besides webhook_deliveries, always). */
const MAY_CHANGE: Record<string, string[]> = {
  installation: ["installations", "ghes_servers", "settings", "audit_entries"],
  installation_target: ["installations", "audit_entries"],
  organization: ["installations", "ghes_servers", "audit_entries"],
  push: ["settings", "audit_entries"],
  github_app_authorization: ["sessions"],
};

const sign = (body: Buffer) => `sha256=${createHmac("sha256", TEST_WEBHOOK_SECRET).update(body).digest("hex")}`;

let serial = 0;
const deliveryId = () => `fuzz-${process.pid}-${++serial}-${Date.now()}`;

/** Every path into a JSON value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== "object") return [];
  // Array.from, not map: an earlier mutation may have given the array an own `constructor`, which
  // map would try to construct its result with.
  const entries = Array.isArray(value) ? Array.from(value, (v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

type Mutation = { kind: "replace"; value: unknown } | { kind: "delete" } | { kind: "add"; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(wrongValue, nastyString()).map((value) => ({ kind: "replace" as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: "delete" as const }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileJsonValue).map(([key, value]) => ({ kind: "add" as const, key, value })) },
);

/** A copy of `payload` with mutations applied at paths picked by index (JSON round trip: own keys only). */
function mutate(payload: Json, picks: Array<[number, Mutation]>): Json {
  const copy = JSON.parse(JSON.stringify(payload)) as Json;
  for (const [index, change] of picks) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[index % paths.length]!;
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (change.kind === "replace") parent[key] = change.value;
    else if (change.kind === "delete") delete parent[key];
    else if (parent[key] !== null && typeof parent[key] === "object") Object.defineProperty(parent[key], change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

describeEachDatabase("fuzzed webhook deliveries", (db) => {
  const app = useTestApp(db);

  beforeEach(() => {
    // After standInGitHub's own answers: any other call to GitHub gets a token, a check run or a 404
    // (no settings file). An error from GitHub would be the handler's to answer, not this test's.
    const api = nock(GITHUB_API).persist();
    api.post(/^\/app\/installations\/\d+\/access_tokens$/).reply(201, { token: "ghs_other0000000000000000000000000000001", expires_at: "2099-01-01T00:00:00Z" });
    api.post(/\/check-runs$/).reply(201, { id: 1 });
    api.post(/.*/).reply(404, { message: "Not Found" });
    api.get(/.*/).reply(404, { message: "Not Found" });
    api.patch(/.*/).reply(404, { message: "Not Found" });
  });

  const post = (event: string | undefined, body: Buffer, headers: Record<string, string | undefined> = {}) =>
    rawRequest(app.baseUrl, "POST", PATH, { "content-type": "application/json", "x-github-event": event, "x-github-delivery": deliveryId(), "x-hub-signature-256": sign(body), "user-agent": "GitHub-Hookshot/fuzz", ...headers }, body);

  it("signed deliveries of known events with hostile payloads: 200 when usable, else 400; never 5xx; only that event's tables change", async () => {
    await seedInstallation(db());
    await assertProperty(
      fc.asyncProperty(
        fc.integer({ min: 0, max: FIXTURES.length - 1 }),
        fc.oneof(
          { weight: 4, arbitrary: fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 4 }) },
          { weight: 1, arbitrary: fc.constant("random" as const) },
        ),
        hostileJsonValue,
        async (index, change, random) => {
          const fixture = FIXTURES[index]!;
          const payload = change === "random" ? { ...(random !== null && typeof random === "object" && !Array.isArray(random) ? random : {}), action: fixture.payload.action } : mutate(fixture.payload, change);
          const body = Buffer.from(JSON.stringify(payload));
          const before = await tableState(db());
          const response = await post(fixture.event, body);
          expect([200, 400], `${fixture.event}.${String(fixture.payload.action)} answered ${response.status}: ${response.text.slice(0, 300)}`).toContain(response.status);
          if (response.status === 400) await expectNothingStored(db(), before, ["sessions"]);
          else await expectNothingStored(db(), before, ["webhook_deliveries", ...MAY_CHANGE[fixture.event]!]);
        },
      ),
      40,
    );
  });

  it("signed bodies that are not a JSON object, or not JSON: 400, nothing stored", async () => {
    await seedInstallation(db());
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom("installation", "push", "organization", "installation_target", "ping", "unknown_event"),
        fc.oneof(
          hostileJsonText.filter((text) => {
            try {
              const value: unknown = JSON.parse(text);
              return value === null || typeof value !== "object" || Array.isArray(value);
            } catch {
              return true;
            }
          }),
          fc.constantFrom("5", "null", "0", "false", "true", '""', '"x"', "[]", "[{}]", "1e400", "-0"),
        ),
        async (event, text) => {
          const before = await tableState(db());
          const response = await post(event, Buffer.from(text));
          expect(response.status, `${event} ${text.slice(0, 100)} answered ${response.status}: ${response.text.slice(0, 200)}`).toBe(400);
          await expectNothingStored(db(), before);
        },
      ),
      30,
    );
  });

  it("unsigned, wrongly signed, garbled headers or another content type: 4xx, nothing stored; unknown events signed: 200, nothing stored", async () => {
    await seedInstallation(db());
    const usable = Buffer.from(JSON.stringify(FIXTURES[2]!.payload));
    await assertProperty(
      fc.asyncProperty(
        fc.record(
          {
            event: fc.option(fc.oneof(fc.constantFrom("installation", "push", "unknown_event", "", " ", "installation.suspend", "__proto__", "constructor"), nastyString().map(headerValue)), { nil: undefined }),
            signature: fc.option(fc.oneof(fc.constantFrom("", "sha256=", "sha1=abc", `sha256=${"0".repeat(64)}`, sign(Buffer.from("other"))), nastyString().map(headerValue)), { nil: undefined }),
            delivery: fc.option(fc.oneof(fc.constantFrom("", "x".repeat(8000)), nastyString().map(headerValue)), { nil: undefined }),
            contentType: fc.option(fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "", "multipart/form-data"), { nil: undefined }),
          },
          { requiredKeys: [] },
        ),
        fc.boolean(),
        async (headers, signBody) => {
          const body = signBody ? Buffer.from(JSON.stringify({ ...FIXTURES[0]!.payload, action: "suspend" })) : usable;
          const before = await tableState(db());
          const sent: Record<string, string | undefined> = {
            "content-type": "contentType" in headers ? headers.contentType : "application/json",
            "x-github-event": "event" in headers ? headers.event : "installation",
            "x-hub-signature-256": "signature" in headers ? headers.signature : sign(Buffer.from("not this body")),
            "x-github-delivery": "delivery" in headers ? headers.delivery : deliveryId(),
          };
          const response = await rawRequest(app.baseUrl, "POST", PATH, sent, body);
          expect(response.status, response.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(response.status, response.text.slice(0, 200)).toBeLessThan(500);
          await expectNothingStored(db(), before);
        },
      ),
      30,
    );
    for (const event of ["ping", "issues", "star", "unknown_event", "__proto__", "constructor", "installation_repositories"]) {
      const before = await tableState(db());
      const response = await post(event, usable);
      expect(response.status, `${event}: ${response.text}`).toBe(200);
      await expectNothingStored(db(), before);
    }
  });

  it("oversized bodies (signed, and unsigned past GitHub's cap) are answered below 500 and store nothing beyond the delivery", async () => {
    await seedInstallation(db());
    const payload = { ...FIXTURES[2]!.payload, padding: "x".repeat(2 * 1024 * 1024), sender: { ...(FIXTURES[2]!.payload.sender as Json), login: "y".repeat(100_000) } };
    const body = Buffer.from(JSON.stringify(payload));
    const before = await tableState(db());
    const response = await post("installation", body);
    expect(response.status).toBeLessThan(500);
    await expectNothingStored(db(), before, ["webhook_deliveries", ...MAY_CHANGE.installation!]);

    // Past GitHub's 25 MB cap and unsigned: refused, the process still answering. (@octokit/webhooks
    // reads the whole body before checking the signature; Probot's server sets no limit of its own.)
    const huge = Buffer.alloc(26 * 1024 * 1024, 0x20);
    const refused = await rawRequest(app.baseUrl, "POST", PATH, { "content-type": "application/json", "x-github-event": "installation", "x-github-delivery": deliveryId(), "x-hub-signature-256": `sha256=${"0".repeat(64)}` }, huge);
    expect(refused.status).toBe(400);
    expect((await rawRequest(app.baseUrl, "GET", "/healthz", {})).status).toBe(200);
    await expectNothingStored(db(), before, ["webhook_deliveries", ...MAY_CHANGE.installation!]);
  });
});
