import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ghesTransportFromConfig, readCaFile } from "../../src/ghes/ghes-transport-from-config.js";
import { verifySiteAdminToken } from "../../src/ghes/verify-site-admin-token.js";
import { selfSignedCertificate, startGhesStandIn } from "../support/ghes-stand-in.js";

describe("ghesTransportFromConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "ghes-ca-"));
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it("trusts the certificates in GHES_CA_FILE", async () => {
    const tls = selfSignedCertificate({ ip: ["127.0.0.1"] });
    writeFileSync(join(dir, "ca.pem"), tls.cert);
    const ghes = await startGhesStandIn({ tls, accounts: { ghp_caadmin0000000000000001: { login: "ada", siteAdmin: true, scopes: ["site_admin"] } } });
    const warnings: string[] = [];
    const transport = ghesTransportFromConfig({ ghesCaFile: join(dir, "ca.pem"), ghesAllowHttp: false }, { warn: (m) => warnings.push(m) });
    cleanups.push(() => ghes.close(), () => transport.close());
    expect(await verifySiteAdminToken(transport, ghes.apiUrl, "ghp_caadmin0000000000000001")).toMatchObject({ ok: true });
    expect(warnings).toEqual([]);
  });

  it("warns when plain http is allowed", () => {
    const warnings: string[] = [];
    ghesTransportFromConfig({ ghesCaFile: undefined, ghesAllowHttp: true }, { warn: (m) => warnings.push(m) }).close();
    expect(warnings).toEqual([expect.stringContaining("GHES_ALLOW_HTTP=true")]);
  });

  it("refuses a missing file and a file without a certificate, naming the variable and path", () => {
    expect(() => readCaFile(join(dir, "missing.pem"))).toThrow(`GHES_CA_FILE: cannot read ${join(dir, "missing.pem")} (ENOENT)`);
    writeFileSync(join(dir, "empty.pem"), "not a certificate\n");
    expect(() => readCaFile(join(dir, "empty.pem"))).toThrow("holds no PEM certificate");
  });
});
