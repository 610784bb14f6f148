// Secret values the app knows about (its own credentials, every GHES or user token it handles).
// The logger replaces each with "[secret]" in every line it writes, whatever the field or level:
// path-based redaction alone misses a token quoted inside an error message.
export class SecretRegistry {
  readonly #values = new Set<string>();
  #pattern: RegExp | null = null;

  /** Secrets shorter than 8 characters would blank out ordinary words; none of ours are that short. */
  add(value: string | undefined | null): void {
    if (!value || value.length < 8) return;
    for (const form of [value, JSON.stringify(value).slice(1, -1)]) {
      if (!this.#values.has(form)) {
        this.#values.add(form);
        this.#pattern = null;
      }
    }
  }

  scrub(text: string): string {
    if (this.#values.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("|"),
      "g",
    );
    return text.replace(this.#pattern, "[secret]");
  }
}
