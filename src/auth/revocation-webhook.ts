// A user who revokes the app on GitHub (`github_app_authorization.revoked`) is signed out at once:
// their sessions end and cached answers about them are dropped.
import type { Probot } from "probot";
import type { Auth } from "./create-auth.js";
import { endUserSessions } from "./sessions.js";

export function registerRevocationHandler(app: Pick<Probot, "on">, auth: Auth): void {
  app.on("github_app_authorization.revoked", async (context) => {
    const { id, login } = context.payload.sender;
    const ended = await endUserSessions(auth, id);
    context.log.info({ login, sessions: ended }, `${login} revoked the app: ${ended} session(s) ended`);
  });
}
