// The webhook endpoint as GitHub reaches it: signed HTTP POSTs to Probot's server. Everything
// refused or ignored here must leave the database as it was.
import { afterEach, beforeEach, expect, it } from "vitest";
import { isolateNetwork, mockInstallationToken, mockMembership, restoreNetwork } from "../github/github-nock.js";
import { seedInstallation } from "../installations/seed.js";
import { captureLog, TEST_WEBHOOK_SECRET, testDependencies } from "../support/test-app.js";
import { describeEachDatabase } from "../support/test-database.js";
import { deliveryId, fixture } from "./deliver.js";
import { postWebhook, sign, startWebhookServer, type WebhookServer } from "./webhook-server.js";

describeEachDatabase("POST /api/github/webhooks", (db) => {
  let server: WebhookServer;
  let logLines: string[];
  const suspendBody = JSON.stringify(fixture("installation", "suspend"));

  beforeEach(async () => {
    isolateNetwork();
    const { log, lines } = captureLog();
    logLines = lines;
    server = await startWebhookServer(await testDependencies(db()), log);
    await seedInstallation(db());
  });
  afterEach(async () => {
    await server.stop();
    restoreNetwork();
  });

  const nothingStored = async () => {
    expect(await db().prisma.webhookDelivery.count()).toBe(0);
    expect(await db().prisma.auditEntry.count()).toBe(0);
    expect((await db().prisma.installation.findFirstOrThrow()).suspendedAt).toBeNull();
  };

  it("processes a correctly signed delivery (200)", async () => {
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body: suspendBody });
    expect(response.status).toBe(200);
    expect((await db().prisma.installation.findFirstOrThrow()).suspendedAt).not.toBeNull();
    expect(await db().prisma.webhookDelivery.count()).toBe(1);
  });

  it("refuses a delivery without a signature (400), storing nothing", async () => {
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body: suspendBody, signature: null });
    expect(response.status).toBe(400);
    expect(response.text).toContain("x-hub-signature-256");
    await nothingStored();
  });

  it("refuses a delivery whose body was changed after signing (400), storing nothing", async () => {
    const tampered = suspendBody.replace('"suspend"', '"unsuspend"');
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body: tampered, signature: sign(suspendBody) });
    expect(response.status).toBe(400);
    await nothingStored();
  });

  it("refuses a delivery signed with another secret (400), storing nothing, the secret in no log line", async () => {
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body: suspendBody, signature: sign(suspendBody, "not-the-secret") });
    expect(response.status).toBe(400);
    expect(response.text).toContain("signature does not match");
    await nothingStored();
    expect(logLines.join("")).not.toContain(TEST_WEBHOOK_SECRET);
  });

  it("refuses a signature in the wrong format (400)", async () => {
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body: suspendBody, signature: "sha1=0123" });
    expect(response.status).toBe(400);
    await nothingStored();
  });

  it("refuses malformed JSON even when correctly signed (400), storing nothing", async () => {
    const body = '{"action": "suspend", "installation": {';
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body });
    expect(response.status).toBe(400);
    expect(response.text).toContain("Invalid JSON");
    await nothingStored();
  });

  it("refuses a correctly signed payload its handler cannot use (400), storing nothing, not even the delivery id", async () => {
    for (const installation of [{ id: "957387" }, { id: 1.5 }, { id: {} }]) {
      const body = JSON.stringify({ ...fixture("installation", "suspend"), installation });
      const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body });
      expect(response.status).toBe(400);
      expect(response.text).toContain("installation.id");
    }
    const renamed = fixture("installation_target", "renamed");
    for (const login of ["acme\u0000corp", "\udfffacme"]) {
      const body = JSON.stringify({ ...renamed, account: { ...renamed.account, login } });
      expect((await postWebhook(server.url, { event: "installation_target", id: deliveryId(), body })).status).toBe(400);
    }
    await nothingStored();
    expect((await db().prisma.installation.findFirstOrThrow()).login).toBe("acme-corp");
  });

  it("refuses a correctly signed body that is JSON but not an object (400), storing nothing", async () => {
    for (const body of ["5", "null", '"installation"', "[]"]) {
      const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body });
      expect(response.status).toBe(400);
      expect(response.text).toContain("not a JSON object");
    }
    await nothingStored();
  });

  it("acknowledges a correctly signed event named after an Object.prototype key (200) and runs nothing", async () => {
    for (const event of ["__proto__", "constructor", "toString"]) {
      expect((await postWebhook(server.url, { event, id: deliveryId(), body: suspendBody })).status).toBe(200);
    }
    await nothingStored();
  });

  it("refuses a body that is not JSON by its content type (415)", async () => {
    const response = await postWebhook(server.url, { event: "installation", id: deliveryId(), body: suspendBody, contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
    await nothingStored();
  });

  it("acknowledges a replayed delivery id (200) without processing it again", async () => {
    const id = deliveryId();
    expect((await postWebhook(server.url, { event: "installation", id, body: suspendBody })).status).toBe(200);
    const first = (await db().prisma.installation.findFirstOrThrow()).suspendedAt;
    await db().prisma.installation.updateMany({ data: { suspendedAt: null } });

    expect((await postWebhook(server.url, { event: "installation", id, body: suspendBody })).status).toBe(200);
    expect(first).not.toBeNull();
    expect((await db().prisma.installation.findFirstOrThrow()).suspendedAt).toBeNull();
    expect(await db().prisma.auditEntry.count()).toBe(1);
  });

  it("answers 500 when GitHub cannot confirm the installer, so the delivery can be redelivered", async () => {
    await db().prisma.installation.deleteMany();
    mockInstallationToken(957387);
    mockMembership("acme-corp", "octo-owner", { status: 503, message: "Unavailable → retry later" });
    const id = deliveryId();
    const response = await postWebhook(server.url, { event: "installation", id, body: JSON.stringify(fixture("installation", "created")) });
    expect(response.status).toBe(500);
    // The delivery named, in ASCII (the body's length is announced in UTF-16 units), the cause left to the log.
    expect(JSON.parse(response.text)).toEqual({ error: `DeliveryFailedError: installation.created delivery ${id} failed; the app's log has the cause` });
    expect((await db().prisma.installation.findFirstOrThrow()).verification).toBe("pending");
    expect(await db().prisma.webhookDelivery.count()).toBe(0);
  });
});
