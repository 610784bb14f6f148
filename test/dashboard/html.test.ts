// The template helper: every interpolated value is escaped; only Html made by the helper passes.
import { describe, expect, it } from "vitest";
import { escapeHtml, html, trusted } from "../../src/dashboard/html.js";

describe("html", () => {
  it("escapes the characters that could open markup or leave an attribute", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;");
  });

  it("escapes interpolated text in content and in attributes", () => {
    const name = `"><script>alert(1)</script>`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it("nests Html without escaping it twice, joins arrays and prints nothing for null, undefined and false", () => {
    const items = ["<b>", "ok"].map((v) => html`<li>${v}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe("<ul><li>&lt;b&gt;</li><li>ok</li></ul>0");
    expect(html`${trusted("<svg/>")}`.text).toBe("<svg/>");
  });

  it("does not treat a plain object that looks like Html as trusted", () => {
    const fake = { text: "<script>" } as unknown as string;
    expect(html`${fake}`.text).not.toContain("<script>");
  });
});
