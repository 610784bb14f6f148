// One user of a GHES `all_users.csv` report, typed and validated. The report is the only source
// of primary emails (the REST and GraphQL user APIs show public emails alone).
import { z } from "zod";
import { normalizeEmail } from "../licenses/normalize-email.js";

export type GhesUserRow = {
  ghesId: number;
  login: string;
  /** the primary email as the report gives it */
  email: string | null;
  emailNormalized: string | null;
  role: string | null;
  suspended: boolean;
  dormant: boolean;
  createdOnGhes: Date | null;
  lastActive: Date | null;
  rawLogin: string | null;
  twoFactor: boolean | null;
};

const TRUE_WORDS = new Set(["true", "t", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "f", "no", "n", "0"]);

const emptyToNull = (value: string | undefined): string | null => {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
};

const flag = z.string().transform((value, ctx) => {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  ctx.addIssue({ code: "custom", message: `must be true or false, got ${JSON.stringify(value)}` });
  return z.NEVER;
});

const optionalFlag = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (emptyToNull(value) === null) return null;
    const parsed = flag.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
    return z.NEVER;
  });

// GHES writes Ruby times ("2024-01-31 09:15:00 -0800" or "... UTC"); ISO 8601 is accepted as well.
const REPORT_TIME = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?)?$/i;

const optionalTime = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const text = emptyToNull(value);
    if (text === null || /^(never|n\/a)$/i.test(text)) return null;
    const time = REPORT_TIME.test(text) ? Date.parse(text.replace(/ UTC$/i, "Z")) : Number.NaN;
    if (Number.isNaN(time)) {
      ctx.addIssue({ code: "custom", message: `must be a date and time such as 2024-01-31 09:15:00 -0800, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return new Date(time);
  });

/** A report record keyed by (lower-cased) column name; optional columns may be absent. */
export const ghesUserRecordSchema = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, "must be a positive whole number")
      .transform(Number)
      .refine((id) => id > 0 && id <= 2_147_483_647, "must be a positive whole number below 2^31"),
    login: z.string().trim().min(1, "must not be empty"),
    email: z.string().transform(emptyToNull),
    role: z.string().transform(emptyToNull),
    "suspended?": flag,
    "dormant?": optionalFlag,
    created_at: optionalTime,
    last_active: optionalTime,
    raw_login: z.string().optional().transform(emptyToNull),
    "2fa_enabled?": optionalFlag,
  })
  .transform(
    (r): GhesUserRow => ({
      ghesId: r.id,
      login: r.login,
      email: r.email,
      emailNormalized: normalizeEmail(r.email),
      role: r.role,
      suspended: r["suspended?"],
      dormant: r["dormant?"] ?? false,
      createdOnGhes: r.created_at,
      lastActive: r.last_active,
      rawLogin: r.raw_login,
      twoFactor: r["2fa_enabled?"],
    }),
  );

/** `flag` without zod: the value, or undefined when it is not a word for true or false. */
function readFlag(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

/** `optionalTime` without zod: the time, null, or undefined when it is not a time. */
function readOptionalTime(value: string | undefined): Date | null | undefined {
  const text = emptyToNull(value);
  if (text === null || /^(never|n\/a)$/i.test(text)) return null;
  const time = REPORT_TIME.test(text) ? Date.parse(text.replace(/ UTC$/i, "Z")) : Number.NaN;
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * What `ghesUserRecordSchema` makes of a valid record, read without zod (zod costs more than
 * reading the CSV itself on a report of 100,000 users); null when the record is not valid, so that
 * the schema is asked and says what is wrong.
 */
export function readValidGhesUserRecord(fields: Record<string, string | undefined>): GhesUserRow | null {
  const idText = (fields.id ?? "").trim();
  if (!/^\d{1,10}$/.test(idText)) return null;
  const ghesId = Number(idText);
  if (!(ghesId > 0 && ghesId <= 2_147_483_647)) return null;
  const login = (fields.login ?? "").trim();
  if (login === "" || fields.email === undefined || fields.role === undefined || fields["suspended?"] === undefined) return null;
  const suspended = readFlag(fields["suspended?"]);
  if (suspended === undefined) return null;
  let dormant: boolean | undefined = false;
  if (emptyToNull(fields["dormant?"]) !== null) dormant = readFlag(fields["dormant?"]!);
  let twoFactor: boolean | null | undefined = null;
  if (emptyToNull(fields["2fa_enabled?"]) !== null) twoFactor = readFlag(fields["2fa_enabled?"]!);
  const createdOnGhes = readOptionalTime(fields.created_at);
  const lastActive = readOptionalTime(fields.last_active);
  if (dormant === undefined || twoFactor === undefined || createdOnGhes === undefined || lastActive === undefined) return null;
  const email = emptyToNull(fields.email);
  return {
    ghesId,
    login,
    email,
    emailNormalized: normalizeEmail(email),
    role: emptyToNull(fields.role),
    suspended,
    dormant,
    createdOnGhes,
    lastActive,
    rawLogin: emptyToNull(fields.raw_login),
    twoFactor,
  };
}

export const REQUIRED_COLUMNS = ["id", "login", "email", "role", "suspended?"] as const;
export const OPTIONAL_COLUMNS = [
  "created_at",
  "last_logged_ip",
  "repos",
  "ssh_keys",
  "org_memberships",
  "dormant?",
  "last_active",
  "raw_login",
  "2fa_enabled?",
] as const;
