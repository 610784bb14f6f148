// A small in-memory cache whose entries expire: GitHub's answers about who a token is and whether
// that person owns an organization are kept for minutes, not hours, so a removed owner loses
// access soon. Bounded, oldest entries go first.
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly maxEntries = 5_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now().getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.now().getTime() + ttlMs });
  }

  /** Forgets every entry the predicate picks (e.g. all of one user's entries on revocation). */
  deleteWhere(predicate: (key: string, value: V) => boolean): number {
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (predicate(key, entry.value)) {
        this.#entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): number {
    return this.#entries.size;
  }
}
