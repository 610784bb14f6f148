// Text for a webhook's answer. @octokit/webhooks sets the response's Content-Length to the
// message's length in UTF-16 units, not bytes: anything beyond printable ASCII would make the
// announced length wrong, so it is shown as "?".
export function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}
