// JavaScript compares strings by UTF-16 code unit, PostgreSQL's "C" collation by UTF-8 byte, which
// is code point order. They disagree only where a character beyond U+FFFF (a surrogate pair) meets
// one from U+E000 to U+FFFF. The count takes GHES users in the order the database sorts them and
// checks that order (group-ghes-accounts.ts), so it compares as the database does.

/** A code unit's rank in code point order: surrogates above U+E000–U+FFFF, as the code points they encode. */
const rank = (unit: number) => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);

/** Negative, zero or positive as `a` sorts before, with or after `b` in code point order. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
