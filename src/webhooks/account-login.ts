// The login of a webhook's account object: users and organizations have `login`, an enterprise
// account has `slug` instead.
export function accountLogin(account: { login?: string | null; slug?: string | null } | null | undefined): string | undefined {
  return account?.login ?? account?.slug ?? undefined;
}
