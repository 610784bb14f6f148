// Every dashboard page goes out through here, with the headers that make injected markup inert:
// a Content-Security-Policy that allows no script at all and styles only from our own stylesheet,
// forms posting only back to us, no framing (clickjacking), no sniffing, no caching of data.
import type { ServerResponse } from "node:http";
import { html, type Html } from "./html.js";

export const STYLESHEET_PATH = "/license-sync/assets/dashboard.css";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

export function page(title: string, body: Html, signedInAs?: { login: string; csrfToken: string }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · license-sync</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<header class="top">
<a class="brand" href="/license-sync/">license-sync</a>
${signedInAs
    ? html`<form method="post" action="/license-sync/auth/logout" class="signout">
<input type="hidden" name="_csrf" value="${signedInAs.csrfToken}">
<span>Signed in as <strong>${signedInAs.login}</strong></span>
<button type="submit">Sign out</button>
</form>`
    : null}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** `headers` are a refusal's own (e.g. Retry-After on 503); the security headers always win. */
export function sendPage(res: ServerResponse, status: number, document: Html, headers: Record<string, string> = {}): void {
  const text = document.text;
  res.writeHead(status, { ...headers, "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(text), ...SECURITY_HEADERS });
  res.end(text);
}

/** After a POST: back to the page (303, so a reload does not post again), with a notice code. */
export function redirectBack(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, ...SECURITY_HEADERS });
  res.end();
}
