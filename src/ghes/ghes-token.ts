// Stored GHES site-admin tokens are sealed for this purpose (see crypto/secret-box.ts), so a
// sealed token cannot be opened as any other secret, nor another secret as a token.
export const GHES_TOKEN_PURPOSE = "ghes-token";
