import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.js";
import { PGLITE_SHARED_BUFFERS } from "../../src/db/pglite-options.js";

describe("the embedded database's settings", () => {
  it.each(["in memory", "in a data folder"])("start PGlite %s with small shared buffers", async (where) => {
    const dir = mkdtempSync(join(tmpdir(), "pglite-options-"));
    const db = await openDatabase(where === "in memory" ? { kind: "pglite-memory" } : { kind: "pglite", dataDir: join(dir, "pglite") });
    try {
      const [row] = await db.sql.query<{ shared_buffers: string }>("SHOW shared_buffers");
      expect(row!.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
      expect(PGLITE_SHARED_BUFFERS).not.toBe("128MB");
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
