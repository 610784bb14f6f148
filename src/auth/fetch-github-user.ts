// Who a GitHub user token belongs to: `GET /user` on the cloud side's API (github.com or GHE_HOST).
import { z } from "zod";

export type GitHubUser = { login: string; id: number };

export type UserLookup =
  | { kind: "user"; user: GitHubUser }
  /** GitHub says the token is not valid (401) */
  | { kind: "invalid" }
  /** GitHub could not answer; the token may be fine */
  | { kind: "unavailable"; reason: string };

const userSchema = z.object({ login: z.string().min(1), id: z.number().int() });

export async function fetchGitHubUser(apiUrl: string, token: string, fetchImpl: typeof fetch = fetch): Promise<UserLookup> {
  let response: Response;
  try {
    response = await fetchImpl(`${apiUrl}/user`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/vnd.github+json",
        "user-agent": "license-sync",
        "x-github-api-version": "2022-11-28",
      },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    return { kind: "unavailable", reason: `GitHub did not answer GET /user (${(error as Error).name})` };
  }
  if (response.status === 401) {
    await response.body?.cancel();
    return { kind: "invalid" };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: "unavailable", reason: `GitHub answered GET /user with ${response.status}` };
  }
  const parsed = userSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { kind: "unavailable", reason: "GitHub's GET /user answer has no login and id" };
  return { kind: "user", user: { login: parsed.data.login, id: parsed.data.id } };
}
