// The organization's page: seats, the weekly chart, servers with their switch, Sync now and upload
// forms, unmatched people and how to fix them, CSV download and a search over people. Every form
// posts back here with the session's CSRF token; every value is escaped by `html`.
import { html, type Html } from "./html.js";
import type { DashboardServer, OrgView } from "./load-org-view.js";
import type { PeoplePage } from "./people-pages.js";
import { usageChart } from "./usage-chart.js";
import type { ConsumedLicenseRow } from "../licenses/license-types.js";

export const NOTICES: Record<string, string> = {
  "switch-enabled": "License sync is now enabled for the server.",
  "switch-disabled": "License sync is now disabled for the server.",
  "sync-queued": "Sync queued: the status below changes when it has run.",
  "upload-received": "Upload received: it is being processed; its state is shown with the server.",
  "mappings-saved": "Identity mappings saved: the count is redone with them.",
};

export type OrgPageContext = { base: string; csrfToken: string; notice: string | null };

export function renderOrgPage(view: OrgView, ctx: OrgPageContext): Html {
  const csrf = html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
  const notice = ctx.notice && NOTICES[ctx.notice] ? html`<p class="notice" role="status">${NOTICES[ctx.notice]}</p>` : null;
  const t = view.totals;
  const enc = encodeURIComponent(view.login);
  return html`<h1>License usage of ${view.login}</h1>
${notice}
<section aria-labelledby="seats">
<h2 id="seats">Seats</h2>
${t
    ? html`<dl class="numbers">
<div><dt>Seats purchased</dt><dd id="seats-purchased">${t.purchased ?? "unknown"}</dd></div>
<div><dt>Seats consumed</dt><dd id="seats-consumed">${t.consumed}</dd></div>
<div><dt>GitHub Enterprise Cloud only</dt><dd id="ghec-only">${t.ghecOnly}</dd></div>
<div><dt>GitHub Enterprise Server only</dt><dd id="ghes-only">${t.ghesOnly}</dd></div>
<div><dt>On both</dt><dd id="both">${t.both}</dd></div>
<div><dt>Unmatched (second license)</dt><dd id="unmatched">${t.unmatched}</dd></div>
</dl>
<p>Counted ${t.computedAt.toISOString()}. An alert opens when consumed reaches <strong id="threshold">${Math.round(view.seatThreshold * 100)}%</strong> of purchased${typeof t.purchased === "number" ? html` (${Math.ceil(t.purchased * view.seatThreshold)} seats)` : null}.</p>`
    : html`<p>Nothing counted yet: register a server and sync it, or upload its <code>all_users.csv</code>. Alert threshold: <strong id="threshold">${Math.round(view.seatThreshold * 100)}%</strong>.</p>`}
<p><a class="button" href="/api/enterprises/${enc}/consumed-licenses.csv" download>Download consumed licenses (CSV)</a></p>
</section>
<section aria-labelledby="history">
<h2 id="history">Weekly usage</h2>
${usageChart(view.usage)}
</section>
<section aria-labelledby="servers">
<h2 id="servers">GitHub Enterprise Server instances</h2>
${view.servers.length === 0 ? html`<p>No server is registered yet (register one with <code>POST /api/enterprises/${view.login}/servers</code>).</p>` : view.servers.map((s) => serverBlock(s, ctx.base, csrf))}
</section>
<section aria-labelledby="unmatched-people">
<h2 id="unmatched-people">Unmatched people</h2>
<p>These GitHub Enterprise Server users consume a second license because their primary email matched nobody on GitHub Enterprise Cloud. To fix one: make the GHES primary email one GitHub can see (a verified-domain email or the SAML identity's email), or upload an identity mapping below, then sync again.</p>
${peopleTable(view.unmatched, "unmatched-list", true)}
${pager(ctx.base, "unmatched_page", view.unmatched, {})}
<form method="post" action="${ctx.base}/identity-mappings" enctype="multipart/form-data">
${csrf}
<label for="mappings-file">Identity mappings CSV (<code>enterprise_server_login_or_email,github_com_login</code>; replaces all mappings)</label>
<input id="mappings-file" type="file" name="file" accept=".csv,text/csv" required>
<button type="submit">Upload mappings</button>
</form>
</section>
<section aria-labelledby="people-search">
<h2 id="people-search">Search people</h2>
<form method="get" action="${ctx.base}" role="search">
<label for="q">Login, name or email</label>
<input id="q" type="search" name="q" value="${view.search?.query ?? ""}" maxlength="100">
<button type="submit">Search</button>
</form>
${view.search ? html`${peopleTable(view.search.results, "search-results", false)}${pager(ctx.base, "page", view.search.results, { q: view.search.query })}` : null}
</section>`;
}

function serverBlock(s: DashboardServer, base: string, csrf: Html): Html {
  const action = `${base}/servers/${encodeURIComponent(s.id)}`;
  const enabled = s.license_sync === "enabled";
  const up = s.latestUpload;
  return html`<article class="server" aria-labelledby="server-${s.id}">
<h3 id="server-${s.id}">${s.hostname}</h3>
<dl>
<dt>Version</dt><dd>${s.version ?? "unknown"}</dd>
<dt>Server can sync user license count and usage</dt><dd class="${enabled ? "status-enabled" : "status-disabled"}">${enabled ? "Enabled" : "Disabled"}${s.mode === "upload-only" ? " (upload-only: no token stored)" : null}</dd>
${s.pausedReason ? html`<dt>Paused</dt><dd class="error">${s.pausedReason}</dd>` : null}
<dt>Last sync</dt><dd>${s.last_sync.date ?? "never"}${s.last_sync.status ? html` · <span class="${s.last_sync.status === "failed" ? "error" : ""}">${s.last_sync.status}</span>` : null} · ${s.source}${s.last_sync.error ? html`<br><span class="error">Error: ${s.last_sync.error}</span>` : null}</dd>
${s.latestRun ? html`<dt>Latest run</dt><dd id="run-${s.id}">${s.latestRun.kind} · ${s.latestRun.status} (queued ${s.latestRun.queuedAt.toISOString()})${s.latestRun.error ? html`<br><span class="error">${s.latestRun.error}</span>` : null}</dd>` : null}
${up ? html`<dt>Latest upload</dt><dd>${up.name}: ${up.state}${up.rows !== null ? html` (${up.rows} users)` : null}${up.error ? html`<br><span class="error">${up.error}</span>` : null}</dd>` : null}
</dl>
<form method="post" action="${action}/license-sync" class="inline">
${csrf}
<input type="hidden" name="license_sync" value="${enabled ? "disabled" : "enabled"}">
<button type="submit">${enabled ? "Disable" : "Enable"} license sync for ${s.hostname}</button>
</form>
<form method="post" action="${action}/sync" class="inline">
${csrf}
<button type="submit" class="primary">Sync now</button>
</form>
<form method="post" action="${action}/usage-uploads" enctype="multipart/form-data">
${csrf}
<label for="upload-${s.id}">Upload <code>all_users.csv</code> for ${s.hostname}</label>
<input id="upload-${s.id}" type="file" name="file" accept=".csv,text/csv" required>
<button type="submit">Upload</button>
</form>
</article>`;
}

function peopleTable(page: PeoplePage, id: string, withReason: boolean): Html {
  if (page.rows.length === 0) return html`<p id="${id}-empty">${page.page > 1 ? "No more people." : "Nobody here."}</p>`;
  const who = (r: ConsumedLicenseRow) => r.github_com_login || r.enterprise_server_user_ids.join(", ");
  return html`<table id="${id}">
<thead><tr><th scope="col">Person</th><th scope="col">GitHub name</th><th scope="col">GHES accounts</th><th scope="col">GHES emails</th>${withReason ? html`<th scope="col">Why unmatched</th>` : html`<th scope="col">Match</th>`}</tr></thead>
<tbody>${page.rows.map(
    (r) => html`<tr><td>${who(r)}</td><td>${r.github_com_name}</td><td>${r.enterprise_server_user_ids.join(", ")}</td><td>${r.enterprise_server_emails.join(", ")}</td><td>${withReason ? r.match.detail : `${r.match.rule}: ${r.match.detail}`}</td></tr>`,
  )}</tbody>
</table>`;
}

function pager(base: string, param: string, page: PeoplePage, keep: Record<string, string>): Html {
  const link = (n: number) => `${base}?${new URLSearchParams({ ...keep, [param]: String(n) }).toString()}`;
  if (page.page === 1 && !page.hasNext) return html``;
  return html`<nav class="pager" aria-label="Pages">
${page.page > 1 ? html`<a href="${link(page.page - 1)}">Previous page</a>` : null}
<span>Page ${page.page}</span>
${page.hasNext ? html`<a href="${link(page.page + 1)}">Next page</a>` : null}
</nav>`;
}
