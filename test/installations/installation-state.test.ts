import { describe, expect, it } from "vitest";
import { isSyncable, whyNotSyncable } from "../../src/installations/installation-state.js";

const base = {
  login: "acme-corp",
  accountType: "Organization",
  verification: "verified",
  verificationError: null,
  suspendedAt: null,
  deletedAt: null,
};

describe("isSyncable / whyNotSyncable", () => {
  it("syncs only a verified, installed, unsuspended organization", () => {
    expect(isSyncable(base)).toBe(true);
    expect(whyNotSyncable(base)).toBeNull();
    expect(isSyncable({ ...base, verification: "pending" })).toBe(false);
    expect(isSyncable({ ...base, verification: "unverified" })).toBe(false);
    expect(isSyncable({ ...base, accountType: "User" })).toBe(false);
    expect(isSyncable({ ...base, suspendedAt: new Date() })).toBe(false);
    expect(isSyncable({ ...base, verification: "deleted", deletedAt: new Date() })).toBe(false);
  });

  it("says why, with the stored reason", () => {
    expect(whyNotSyncable({ ...base, verification: "unverified", verificationError: "mona is a member of acme-corp, not an owner" })).toBe(
      "the installation on acme-corp is unverified: mona is a member of acme-corp, not an owner",
    );
    expect(whyNotSyncable({ ...base, verification: "pending", verificationError: "HTTP 502" })).toBe(
      "the installer's ownership of acme-corp is not confirmed yet (HTTP 502)",
    );
    expect(whyNotSyncable({ ...base, suspendedAt: new Date() })).toBe("the installation on acme-corp is suspended");
    expect(whyNotSyncable({ ...base, verification: "deleted", deletedAt: new Date() })).toBe("the app was uninstalled from acme-corp");
  });
});
