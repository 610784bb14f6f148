// GitHub does not document whether email matching is case-sensitive; the app compares trimmed,
// lower-cased addresses so "Ana@Example.com " on one instance is the same person as "ana@example.com".
export function normalizeEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  const normalized = email.trim().toLowerCase();
  return normalized === "" ? null : normalized;
}

/** Logins on GitHub are case-insensitive: "Octocat" and "octocat" are one account. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}
