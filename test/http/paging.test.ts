import { describe, expect, it } from "vitest";
import { HttpError } from "../../src/http/http-error.js";
import { linkHeader, readPaging } from "../../src/http/paging.js";

const url = (query: string) => new URL(`http://x/api/enterprises/acme/consumed-licenses${query}`);

describe("readPaging", () => {
  it("defaults to GitHub's 30 per page, first page", () => {
    expect(readPaging(url(""))).toEqual({ perPage: 30, page: 1, offset: 0 });
    expect(readPaging(url("?per_page=100&page=3"))).toEqual({ perPage: 100, page: 3, offset: 200 });
  });

  it.each([
    ["?per_page=0", "per_page", "must be at least 1"],
    ["?per_page=101", "per_page", "must be at most 100"],
    ["?page=0", "page", "must be at least 1"],
    ["?page=2.5", "page", "must be a whole number"],
    ["?per_page=ten", "per_page", "must be a whole number"],
  ])("refuses %s with 422 naming %s", (query, path, message) => {
    let error: unknown;
    try {
      readPaging(url(query));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(422);
    expect((error as HttpError).errors).toEqual([{ path, message }]);
  });
});

describe("linkHeader", () => {
  it("links first, prev, next and last pages, keeping other parameters", () => {
    const header = linkHeader(url("?per_page=10&page=2&x=1"), { perPage: 10, page: 2, offset: 10 }, 35);
    expect(header).toBe(
      [
        '</api/enterprises/acme/consumed-licenses?per_page=10&page=1&x=1>; rel="prev"',
        '</api/enterprises/acme/consumed-licenses?per_page=10&page=3&x=1>; rel="next"',
        '</api/enterprises/acme/consumed-licenses?per_page=10&page=4&x=1>; rel="last"',
        '</api/enterprises/acme/consumed-licenses?per_page=10&page=1&x=1>; rel="first"',
      ].join(", "),
    );
  });

  it("has no next on the last page and no header when one page holds everything", () => {
    expect(linkHeader(url("?page=4&per_page=10"), { perPage: 10, page: 4, offset: 30 }, 35)).not.toContain('rel="next"');
    expect(linkHeader(url(""), { perPage: 30, page: 1, offset: 0 }, 30)).toBeUndefined();
  });
});
