// Table and column names go into SQL text, not parameters: only plain lower-case identifiers are
// let through, so no name a caller passes can change the statement around it.
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function isPlainIdentifier(name: string): boolean {
  return PLAIN_IDENTIFIER.test(name);
}
