// Prisma CLI configuration. The JS schema engine (`engine: "js"`) runs on PGlite, so
// `prisma migrate diff`, `db push` and `generate` work offline. The app applies migrations itself
// (src/db/migrate.ts); see README "Database".
import { PGlite } from "@electric-sql/pglite";
import { pgliteAdapter } from "./src/db/pglite-adapter.js";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => pgliteAdapter(new PGlite()),
});
