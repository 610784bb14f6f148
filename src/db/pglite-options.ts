// How the embedded database starts. PostgreSQL's default `shared_buffers` (128 MB) lives inside
// PGlite's WebAssembly memory, which never shrinks; the app is one process on one connection, and
// pages beyond the buffers still come from the operating system's file cache. At 32 MB a full sync
// of 200,000 GHES users peaked about 180 MB lower than at 128 MB, at 16 MB another 40–60 MB lower,
// at the same speed (`npm run bench`).
import type { PGliteOptions } from "@electric-sql/pglite";

export const PGLITE_SHARED_BUFFERS = "16MB";

export function pgliteOptions(): PGliteOptions {
  return { postgresqlconf: `shared_buffers = ${PGLITE_SHARED_BUFFERS}` };
}
