// The OAuth web flow's second half: trade the `code` GitHub sent back for the user's token.
import { z } from "zod";

export type CodeExchange = { kind: "token"; token: string } | { kind: "refused"; reason: string } | { kind: "unavailable"; reason: string };

const answerSchema = z.union([
  z.object({ access_token: z.string().min(1) }),
  z.object({ error: z.string(), error_description: z.string().optional() }),
]);

export async function exchangeOAuthCode(
  webUrl: string,
  client: { clientId: string; clientSecret: string },
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<CodeExchange> {
  let response: Response;
  try {
    response = await fetchImpl(`${webUrl}/login/oauth/access_token`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", "user-agent": "license-sync" },
      body: JSON.stringify({ client_id: client.clientId, client_secret: client.clientSecret, code }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    return { kind: "unavailable", reason: `GitHub did not answer (${(error as Error).name})` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: "unavailable", reason: `GitHub answered ${response.status}` };
  }
  const parsed = answerSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { kind: "unavailable", reason: "GitHub's answer has no access_token" };
  if ("access_token" in parsed.data) return { kind: "token", token: parsed.data.access_token };
  return { kind: "refused", reason: parsed.data.error_description ?? parsed.data.error };
}
