// The dashboard's small pages: sign in, the list of organizations, and a refusal that says what
// went wrong and with which status code (never any of the organization's data).
import { html, type Html } from "./html.js";
import { page } from "./send-page.js";

export function signInPage(returnTo: string): Html {
  const login = `/license-sync/auth/login?${new URLSearchParams({ return_to: returnTo }).toString()}`;
  return page(
    "Sign in",
    html`<h1>license-sync</h1>
<p>See how many user licenses your organization consumes across GitHub Enterprise Cloud and GitHub Enterprise Server, counting each person once.</p>
<p><a class="button primary" href="${login}">Sign in with GitHub</a></p>
<p>Only owners of an organization where license-sync is installed see its numbers.</p>`,
  );
}

export function organizationsPage(user: { login: string; csrfToken: string }, orgs: string[]): Html {
  return page(
    "Organizations",
    html`<h1>Your organizations</h1>
${orgs.length === 0
      ? html`<p>license-sync is not installed on any organization you own. An owner installs the app on the organization; members and billing managers cannot see license usage.</p>`
      : html`<ul>${orgs.map((org) => html`<li><a href="/license-sync/${encodeURIComponent(org)}">${org}</a></li>`)}</ul>`}`,
    user,
  );
}

export function refusalPage(status: number, message: string, backTo: string | null, user?: { login: string; csrfToken: string }, errors: Array<{ path: string; message: string }> = []): Html {
  return page(
    `Refused (${status})`,
    html`<h1>Refused: ${status}</h1>
<div class="refusal" role="alert">
<p>${message}</p>
${errors.length > 0 ? html`<ul>${errors.map((e) => html`<li>${e.path}: ${e.message}</li>`)}</ul>` : null}
</div>
<p>${backTo ? html`<a href="${backTo}">Back</a> · ` : null}<a href="/license-sync/">Your organizations</a></p>`,
    user,
  );
}
