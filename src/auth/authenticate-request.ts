// Who is calling: `Authorization: Bearer <GitHub user token>` (resolved with GitHub's `GET /user`,
// cached by the token's hash) or the dashboard's session cookie. Anything else is 401.
import type { IncomingMessage } from "node:http";
import { HttpError } from "../http/http-error.js";
import type { Auth } from "./create-auth.js";
import { fetchGitHubUser, type GitHubUser } from "./fetch-github-user.js";
import { hashSecret } from "./hash-secret.js";
import { readSession, type Session } from "./sessions.js";

export type Caller = { user: GitHubUser; via: "token"; session?: undefined } | { user: GitHubUser; via: "session"; session: Session };

const CHALLENGE = { "www-authenticate": 'Bearer realm="license-sync"' };

export async function authenticateRequest(req: IncomingMessage, auth: Auth): Promise<Caller> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^(?:Bearer|token)\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new HttpError(401, "Authorization must be `Bearer <GitHub user token>`", undefined, CHALLENGE);
    return { user: await userForToken(auth, match[1]!), via: "token" };
  }
  const session = await readSession(req, auth);
  if (session) return { user: { login: session.login, id: session.githubId }, via: "session", session };
  throw new HttpError(401, "Sign in with GitHub or send `Authorization: Bearer <GitHub user token>`", undefined, CHALLENGE);
}

async function userForToken(auth: Auth, token: string): Promise<GitHubUser> {
  auth.deps.secrets.add(token);
  const key = hashSecret(token);
  const cached = auth.users.get(key);
  if (cached) return cached;
  const lookup = await fetchGitHubUser(auth.deps.config.githubApiUrl, token, auth.fetch);
  if (lookup.kind === "invalid") throw new HttpError(401, "GitHub did not accept the token (it is wrong, expired or revoked)", undefined, CHALLENGE);
  if (lookup.kind === "unavailable") {
    throw new HttpError(503, `Could not check the token with GitHub: ${lookup.reason}; try again`, undefined, { "retry-after": "30" });
  }
  auth.users.set(key, lookup.user, auth.ttl.userMs);
  return lookup.user;
}
