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

/** `?name=`, else the Content-Disposition filename, else the report's usual name; never a path. */
export function uploadName(query: string | null, disposition: string | undefined): string {
  const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  let decoded = fromHeader;
  try {
    decoded = fromHeader ? decodeURIComponent(fromHeader) : undefined;
  } catch {
    // keep the raw name
  }
  const name = (query ?? decoded ?? "all_users.csv").split(/[\\/]/).pop()!.trim();
  return (name || "all_users.csv").slice(0, 255);
}
