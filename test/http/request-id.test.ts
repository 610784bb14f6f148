import { describe, expect, it } from "vitest";
import { requestIdOf } from "../../src/http/request-id.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  it("keeps a well-formed caller id", () => {
    expect(requestIdOf("abc-123_x.y:z")).toBe("abc-123_x.y:z");
    expect(requestIdOf(["first-id", "second"])).toBe("first-id");
    expect(requestIdOf("a".repeat(128))).toBe("a".repeat(128));
  });

  it("makes a new id when there is none or it could smuggle something into headers or logs", () => {
    for (const bad of [undefined, "", "a".repeat(129), "has space", "line\nbreak", "quote\"", "ünïcode", "semi;colon"]) {
      expect(requestIdOf(bad)).toMatch(UUID);
    }
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});
