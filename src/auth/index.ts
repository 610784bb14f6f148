// Sign-in and authorization, wired into the app: the run-time Auth (caches, session key, GitHub
// access), the sign-in routes and the revocation webhook. Returns the Auth that API routes use.
import type { Probot } from "probot";
import type { AppDependencies } from "../app.js";
import type { Router } from "../http/router.js";
import { createAuth, type Auth, type AuthOptions } from "./create-auth.js";
import { registerRevocationHandler } from "./revocation-webhook.js";
import { registerSignInRoutes } from "./sign-in-routes.js";

export function registerAuth(app: Pick<Probot, "on" | "auth">, router: Router, deps: AppDependencies, options: AuthOptions = {}): Auth {
  const auth = createAuth(deps, app, options);
  registerRevocationHandler(app, auth);
  registerSignInRoutes(router, auth);
  return auth;
}

export type { Auth } from "./create-auth.js";
export { requireOwner, type OwnerRequest } from "./require-owner.js";
export { readSession, type Session } from "./sessions.js";
