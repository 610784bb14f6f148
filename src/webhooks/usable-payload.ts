// Correctly signed deliveries the app cannot use are refused with 400 before anything is claimed or
// stored: a payload without the fields its handler reads, with values of the wrong type, out of
// range, holding NUL (PostgreSQL text cannot) or unpaired surrogates (Prisma cannot), and bodies
// that are JSON but not an object. GitHub never sends these; whoever else holds the secret might.
// A 500 would tell GitHub "try again later", which can never help; a claimed delivery id would make
// a corrected redelivery a "duplicate". Only the fields handlers read are checked; everything else
// in GitHub's payloads may change freely.
import { z } from "zod";
import { asciiOnly } from "./ascii-only.js";

/** The error @octokit/webhooks turns into its response: `status` is the HTTP status. */
export class UnusablePayloadError extends Error {
  override readonly name = "UnusablePayloadError";
  readonly status = 400;
}

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** An unpaired UTF-16 surrogate: Prisma cannot send it (its query JSON refuses it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const text = z
  .string()
  .max(1000)
  .refine((value) => !value.includes("\u0000"), "contains a NUL character")
  .refine((value) => !LONE_SURROGATE.test(value), "contains an unpaired surrogate (not Unicode text)");
const login = text.min(1);
const installation = z.object({ id });
const optionalInstallation = installation.nullish();
const account = z.object({ id: id.optional(), login: login.nullish(), slug: login.nullish(), type: text.nullish() }).nullish();
const membership = z.object({ user: z.object({ login: login.nullish() }).nullish(), role: text.nullish(), state: text.nullish() });
const organization = z.object({ id, login: login.optional() });
const paths = z.array(z.string()).optional();
const commit = z.object({ added: paths, modified: paths, removed: paths });

/** What each handled event's handler reads, by `event.action` (or event). */
export const PAYLOAD_SHAPES: Record<string, z.ZodType> = {
  "installation.created": z
    .object({ installation: installation.extend({ account, target_id: id.optional(), target_type: text.optional() }), sender: z.object({ login }) })
    .refine((p) => (p.installation.account?.id ?? p.installation.target_id) !== undefined, "installation names no account id")
    .refine((p) => (p.installation.account?.type ?? p.installation.target_type) !== undefined, "installation names no account type"),
  "installation.deleted": z.object({ installation }),
  "installation.suspend": z.object({ installation: installation.extend({ suspended_at: text.nullish() }) }),
  "installation.unsuspend": z.object({ installation }),
  "installation.new_permissions_accepted": z.object({ installation }),
  "installation_target.renamed": z.object({ installation, account }),
  "organization.renamed": z.object({ installation: optionalInstallation, organization: organization.extend({ login }) }),
  "organization.deleted": z.object({ installation: optionalInstallation, organization }),
  "organization.member_added": z.object({ installation: optionalInstallation, organization, membership }),
  "organization.member_removed": z.object({ installation: optionalInstallation, organization, membership }),
  push: z.object({
    ref: text,
    after: text,
    deleted: z.boolean().optional(),
    installation: optionalInstallation,
    repository: z.object({ name: text, default_branch: text.optional(), owner: z.object({ login: login.nullish(), type: text.nullish() }).nullable() }),
    commits: z.array(commit).nullish(),
    head_commit: commit.nullish(),
    // The pusher of a settings file is its audit entry's actor.
    sender: z.object({ login: login.nullish() }).nullish(),
  }),
  "github_app_authorization.revoked": z.object({ sender: z.object({ id, login }) }),
};

/** Any event: Probot authenticates the handler's Octokit with `installation.id` when there is one. */
const anyEvent = z.object({ installation: optionalInstallation });

/** The event name as error messages show it (the `X-GitHub-Event` header may carry Latin-1 bytes). */
const printable = (name: string) => asciiOnly(name).slice(0, 100);

/** Throws UnusablePayloadError when `payload` lacks what the handler of this event reads. */
export function requireUsablePayload(name: string, payload: Record<string, unknown>): void {
  const action = typeof payload.action === "string" ? payload.action : undefined;
  const shape = (action !== undefined && Object.hasOwn(PAYLOAD_SHAPES, `${name}.${action}`) ? PAYLOAD_SHAPES[`${name}.${action}`] : undefined) ?? (Object.hasOwn(PAYLOAD_SHAPES, name) ? PAYLOAD_SHAPES[name] : undefined);
  // Two parses, not `anyEvent.and(shape)`: an intersection built per delivery, and merging both
  // results, cost twice as much on every delivery (the first issue found is the same).
  const issue = anyEvent.safeParse(payload).error?.issues[0] ?? shape?.safeParse(payload).error?.issues[0];
  if (issue === undefined) return;
  throw new UnusablePayloadError(`${printable(`${name}${action ? `.${action}` : ""}`)} payload cannot be used: ${printable(issue.path.map(String).join(".")) || "(payload)"} ${issue.message}`);
}

type WebhookEvent = { id: string; name: string; payload: unknown };
type Receiver = {
  verify(payload: string, signature: string): Promise<boolean>;
  verifyAndReceive(event: { id: string; name: string; payload: string; signature: string }): Promise<void>;
  receive(event: WebhookEvent): Promise<void>;
};

/**
 * Checks each correctly signed delivery before @octokit/webhooks and Probot see it: a body that is
 * JSON but not an object (which they answer with a TypeError: 500), and a payload its handler cannot
 * use (see PAYLOAD_SHAPES; Probot itself fails on an `installation.id` that is not an id) are
 * refused with 400, as is an `action` that is not a string. An event named after an
 * Object.prototype key (`__proto__`, `constructor`) finds a "hook" there that is not a function
 * (500): it is acknowledged as the unknown event it is.
 * A delivery that passes is handed on already verified and parsed (`receive`): checking the
 * signature and parsing the body again would double what every delivery costs before its handler.
 * Unsigned and invalid-JSON bodies are left to @octokit/webhooks' own `verifyAndReceive`, for its
 * answers (400, "signature does not match…", "Invalid JSON") and its error hooks (Probot logs them).
 */
export function guardWebhookReceiver(webhooks: Receiver): void {
  const verifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    if (!(await webhooks.verify(event.payload, event.signature).catch(() => false))) return verifyAndReceive(event);
    let payload: unknown;
    try {
      payload = JSON.parse(event.payload);
    } catch {
      return verifyAndReceive(event);
    }
    try {
      if (payload === null || typeof payload !== "object" || Array.isArray(payload)) throw new UnusablePayloadError(`${printable(event.name)} payload is not a JSON object`);
      // @octokit/webhooks names the event `${name}.${action}`: an object there that cannot be made
      // a string (its toString not a function) throws a TypeError outside its handlers (500).
      const action: unknown = (payload as Record<string, unknown>).action;
      if (action !== undefined && typeof action !== "string") throw new UnusablePayloadError(`${printable(event.name)} payload cannot be used: action is not a string`);
      if (event.name in Object.prototype) return;
      requireUsablePayload(event.name, payload as Record<string, unknown>);
    } catch (error) {
      // @octokit/webhooks answers with the status of the first error of an AggregateError.
      throw new AggregateError([error], (error as Error).message);
    }
    // What verifyAndReceive does once the signature matches and the body parses.
    return webhooks.receive({ id: event.id, name: event.name, payload });
  };
}
