// How the embedded database starts. PostgreSQL's default `shared_buffers` (128 MB) lives inside
// PGlite's WebAssembly memory, which never shrinks; the app is one process on one connection, and
// pages beyond the buffers still come from the operating system's file cache. At 32 MB a full sync
// of 200,000 GHES users peaks about 180 MB lower at the same speed (`npm run bench`).
import type { PGliteOptions } from "@electric-sql/pglite";

export const PGLITE_SHARED_BUFFERS = "32MB";

export function pgliteOptions(): PGliteOptions {
  return { postgresqlconf: `shared_buffers = ${PGLITE_SHARED_BUFFERS}` };
}
