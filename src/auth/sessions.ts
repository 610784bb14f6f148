// Dashboard sessions: the cookie carries a random id (signed); the `sessions` table keeps only its
// hash, the user's GitHub token sealed, and the secret the CSRF tokens derive from.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Auth } from "./create-auth.js";
import { readCookie, SESSION_COOKIE, signValue, verifySignedValue } from "./cookies.js";
import type { GitHubUser } from "./fetch-github-user.js";
import { hashSecret, hmac } from "./hash-secret.js";

export const USER_TOKEN_PURPOSE = "user-token";

export type Session = {
  idHash: string;
  login: string;
  githubId: number;
  /** the user's GitHub token, for calls made on their behalf */
  token: string;
  /** put it in forms (`_csrf`) or the `X-CSRF-Token` header of state-changing requests */
  csrfToken: string;
  expiresAt: Date;
};

/** Stores a new session; returns the signed cookie value. */
export async function createSession(auth: Auth, user: GitHubUser, token: string): Promise<{ cookieValue: string; expiresAt: Date }> {
  const { db, box, now } = auth.deps;
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now().getTime() + auth.ttl.sessionMs);
  await db.prisma.session.create({
    data: {
      idHash: hashSecret(id),
      githubId: BigInt(user.id),
      login: user.login,
      tokenSealed: box.seal(token, USER_TOKEN_PURPOSE),
      csrfSecret: randomBytes(32).toString("base64url"),
      expiresAt,
    },
  });
  return { cookieValue: signValue(await auth.sessionKey(), id), expiresAt };
}

/** The request's session, or null (no cookie, bad signature, unknown, expired). */
export async function readSession(req: IncomingMessage, auth: Auth): Promise<Session | null> {
  const raw = readCookie(req, SESSION_COOKIE);
  if (!raw) return null;
  const id = verifySignedValue(await auth.sessionKey(), raw);
  if (!id) return null;
  const { db, box, now, secrets } = auth.deps;
  const idHash = hashSecret(id);
  const row = await db.prisma.session.findUnique({ where: { idHash } });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now().getTime()) {
    await db.prisma.session.deleteMany({ where: { idHash } });
    return null;
  }
  const token = box.open(row.tokenSealed, USER_TOKEN_PURPOSE);
  secrets.add(token);
  return {
    idHash,
    login: row.login,
    githubId: Number(row.githubId),
    token,
    csrfToken: hmac(row.csrfSecret, `csrf:${idHash}`),
    expiresAt: row.expiresAt,
  };
}

export async function deleteSession(auth: Auth, idHash: string): Promise<void> {
  await auth.deps.db.prisma.session.deleteMany({ where: { idHash } });
}

/**
 * Ends every session of a GitHub user and forgets what the caches knew about them (the user
 * revoked the app: `github_app_authorization.revoked`). Returns how many sessions ended.
 */
export async function endUserSessions(auth: Auth, githubId: number): Promise<number> {
  const { count } = await auth.deps.db.prisma.session.deleteMany({ where: { githubId: BigInt(githubId) } });
  auth.users.deleteWhere((_key, user) => user.id === githubId);
  auth.memberships.deleteWhere((_key, membership) => membership.userId === githubId);
  return count;
}
