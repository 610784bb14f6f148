// GitHub-style paging: `?per_page=` (1–100, default 30) and `?page=` (from 1), and a `Link` header
// with first/prev/next/last, so clients that page GitHub's API page ours the same way.
import { z } from "zod";
import { HttpError } from "./http-error.js";
import { fieldErrors } from "./read-json-body.js";

const pagingSchema = z.object({
  per_page: z.coerce.number("must be a whole number").int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(30),
  page: z.coerce.number("must be a whole number").int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "is too large").default(1),
});

export type Paging = { perPage: number; page: number; offset: number };

export function readPaging(url: URL): Paging {
  const raw = { per_page: url.searchParams.get("per_page") ?? undefined, page: url.searchParams.get("page") ?? undefined };
  const parsed = pagingSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(422, "Invalid paging parameters", fieldErrors(parsed.error));
  const { per_page: perPage, page } = parsed.data;
  return { perPage, page, offset: (page - 1) * perPage };
}

/** The `Link` header for `total` items, or undefined when everything fits on one page. */
export function linkHeader(url: URL, paging: Paging, total: number): string | undefined {
  const last = Math.max(1, Math.ceil(total / paging.perPage));
  if (last === 1 && paging.page === 1) return undefined;
  const at = (page: number) => {
    const target = new URL(url);
    target.searchParams.set("per_page", String(paging.perPage));
    target.searchParams.set("page", String(page));
    return `<${target.pathname}${target.search}>`;
  };
  const links: string[] = [];
  if (paging.page > 1) links.push(`${at(Math.min(paging.page - 1, last))}; rel="prev"`);
  if (paging.page < last) links.push(`${at(paging.page + 1)}; rel="next"`);
  links.push(`${at(last)}; rel="last"`, `${at(1)}; rel="first"`);
  return links.join(", ");
}
