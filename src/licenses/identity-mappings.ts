// Owners' explicit matches: a CSV of `enterprise_server_login_or_email,github_com_login`, replacing
// the installation's mappings whole (in one transaction) or, if any line is wrong, changing nothing.
import { parse } from "csv-parse/sync";
import type { Database } from "../db/open-database.js";
import type { FieldError } from "../http/http-error.js";
import { normalizeEmail } from "./normalize-email.js";

export const MAPPING_COLUMNS = ["enterprise_server_login_or_email", "github_com_login"] as const;
const GITHUB_LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

export type ParsedMappings = { mappings: Array<{ serverKey: string; githubLogin: string }>; errors: FieldError[] };

export function parseIdentityMappings(csv: string): ParsedMappings {
  const errors: FieldError[] = [];
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    return { mappings: [], errors: [{ path: "body", message: (error as Error).message }] };
  }
  const [header, ...rows] = records;
  if (!header || header.join(",").toLowerCase() !== MAPPING_COLUMNS.join(",")) {
    return { mappings: [], errors: [{ path: "line 1", message: `the header must be ${MAPPING_COLUMNS.join(",")}` }] };
  }
  const seen = new Map<string, number>();
  const mappings: ParsedMappings["mappings"] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const [serverSide = "", login = ""] = row;
    if (row.length !== 2) errors.push({ path: `line ${line}`, message: `expected 2 values, found ${row.length}` });
    else if (serverSide === "") errors.push({ path: `line ${line}`, message: "enterprise_server_login_or_email is empty" });
    else if (!GITHUB_LOGIN.test(login)) errors.push({ path: `line ${line}`, message: `"${login}" is not a GitHub login` });
    else {
      const serverKey = serverSide.includes("@") ? normalizeEmail(serverSide)! : serverSide.toLowerCase();
      const earlier = seen.get(serverKey);
      if (earlier !== undefined) errors.push({ path: `line ${line}`, message: `${serverSide} is already mapped on line ${earlier}` });
      else {
        seen.set(serverKey, line);
        mappings.push({ serverKey, githubLogin: login });
      }
    }
  });
  return { mappings, errors };
}

export async function replaceIdentityMappings(
  db: Database,
  installationId: number,
  mappings: ParsedMappings["mappings"],
  uploadedBy: string,
): Promise<number> {
  await db.prisma.$transaction([
    db.prisma.identityMapping.deleteMany({ where: { installationId } }),
    db.prisma.identityMapping.createMany({ data: mappings.map((m) => ({ installationId, ...m, uploadedBy })) }),
  ]);
  return mappings.length;
}
