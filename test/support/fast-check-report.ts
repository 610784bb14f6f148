// How a failed fast-check property is reported in this suite: the seed that replays it, and the
// counterexample shortened (long strings and byte buffers cut, with their length said), so a
// failure on a 100 KB generated file reads in a few lines instead of the whole file.
import type fc from "fast-check";

const MAX_STRING = 80;
const MAX_ITEMS = 8;
const MAX_DEPTH = 4;
const MAX_REPORT = 2_500;

/** A value as a short, readable line: enough to see what was generated, never all of it. */
export function shortValue(value: unknown, depth = 0): string {
  if (typeof value === "string") {
    return value.length <= MAX_STRING ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_STRING))}…(${value.length} chars)`;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    const head = bytes.subarray(0, MAX_STRING);
    return `<${bytes.length} bytes: ${JSON.stringify(head.toString("utf8"))}${bytes.length > head.length ? "…" : ""}>`;
  }
  if (value instanceof RegExp || typeof value !== "object" || value === null) return String(value);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => shortValue(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…(${value.length} items)`);
    return `[${items.join(", ")}]`;
  }
  const entries = Object.entries(value);
  const shown = entries.slice(0, MAX_ITEMS).map(([key, item]) => `${JSON.stringify(key)}: ${shortValue(item, depth + 1)}`);
  if (entries.length > MAX_ITEMS) shown.push(`…(${entries.length} keys)`);
  return `{${shown.join(", ")}}`;
}

/** fast-check's `reporter`: throws a short error for a failed run (and stays quiet for a passing one). */
export function reportShortly(out: fc.RunDetails<unknown>): void {
  if (!out.failed) return;
  const what = out.counterexample === null ? (out.interrupted ? "was interrupted" : "skipped too many runs") : `failed after ${out.numRuns} run(s)`;
  const lines = [`Property ${what}: replay with FUZZ_SEED=${out.seed} (counterexample path ${out.counterexamplePath ?? "none"})`];
  if (out.counterexample !== null) lines.push(`Counterexample: ${shortValue(out.counterexample)}`);
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance ?? "");
  if (cause) lines.push(`Failure: ${cause}`);
  const report = lines.join("\n");
  // The failing assertion stays attached for its stack, unless its own message is the long part.
  const keep = out.errorInstance instanceof Error && out.errorInstance.message.length <= MAX_REPORT ? { cause: out.errorInstance } : undefined;
  throw new Error(report.length <= MAX_REPORT ? report : `${report.slice(0, MAX_REPORT)}…(${report.length} chars)`, keep);
}
