// How an upload looks to API clients, and the name it is recorded under.
import type { Upload } from "@prisma/client";

export function uploadView(upload: Omit<Upload, "content">) {
  return {
    id: upload.id,
    name: upload.name,
    state: upload.state,
    error: upload.error,
    rows: upload.rows,
    created_at: upload.createdAt.toISOString(),
  };
}

/**
 * `?name=`, else the Content-Disposition filename, else the report's usual name; never a path, and
 * without control characters (a `%00` in a filename made the upload's insert fail: PostgreSQL text
 * holds no NUL).
 */
export function uploadName(query: string | null, disposition: string | undefined): string {
  const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  let decoded = fromHeader;
  try {
    decoded = fromHeader ? decodeURIComponent(fromHeader) : undefined;
  } catch {
    // keep the raw name
  }
  // eslint-disable-next-line no-control-regex
  const name = (query ?? decoded ?? "all_users.csv").replace(/[\u0000-\u001f\u007f]/g, "").split(/[\\/]/).pop()!.trim();
  return (name || "all_users.csv").slice(0, 255);
}
