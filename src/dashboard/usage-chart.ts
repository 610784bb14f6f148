// The weekly usage history as an SVG line chart drawn on the server: consumed seats (solid) and
// purchased seats (dashed, where a number is known). Inline SVG needs no script and no image
// request, so it shows with JavaScript off and under the strict CSP; a table gives the same
// numbers to screen readers and to anyone who wants them exact.
import type { UsagePointView } from "../reports/usage-history.js";
import { html, type Html } from "./html.js";

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 48, right: 16, top: 16, bottom: 32 };

export function usageChart(points: UsagePointView[]): Html {
  if (points.length === 0) return html`<p>No weekly usage yet: the first point appears after the first count.</p>`;
  const purchased = points.map((p) => (typeof p.purchased === "number" ? p.purchased : null));
  const top = Math.max(1, ...points.map((p) => p.consumed), ...purchased.map((v) => v ?? 0));
  const x = (i: number) => PAD.left + (points.length === 1 ? (WIDTH - PAD.left - PAD.right) / 2 : (i * (WIDTH - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - v / top);
  const line = (values: Array<number | null>) =>
    values.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`])).join(" ");
  const purchasedLine = line(purchased);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return html`<figure>
<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Seats consumed per week from ${first.date} to ${last.date}; latest ${last.consumed}</title>
<line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}" stroke="#57606a"/>
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${HEIGHT - PAD.bottom}" stroke="#57606a"/>
<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${top}</text>
<text x="${PAD.left - 6}" y="${HEIGHT - PAD.bottom}" text-anchor="end">0</text>
<text x="${PAD.left}" y="${HEIGHT - 8}">${first.date}</text>
<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end">${last.date}</text>
${purchasedLine ? html`<polyline class="purchased" fill="none" stroke-width="2" points="${purchasedLine}"/>` : null}
<polyline class="consumed" fill="none" stroke-width="2.5" points="${line(points.map((p) => p.consumed))}"/>
${points.map((p, i) => html`<circle class="consumed" cx="${x(i).toFixed(1)}" cy="${y(p.consumed).toFixed(1)}" r="3" fill="#0550ae"><title>${p.date}: ${p.consumed} consumed</title></circle>`)}
</svg>
<figcaption>Solid: seats consumed. Dashed: seats purchased.</figcaption>
</figure>
<details>
<summary>The weekly numbers as a table</summary>
<table>
<thead><tr><th scope="col">Week of</th><th scope="col">Consumed</th><th scope="col">Purchased</th></tr></thead>
<tbody>${points.map((p) => html`<tr><td>${p.date}</td><td>${p.consumed}</td><td>${p.purchased ?? "unknown"}</td></tr>`)}</tbody>
</table>
</details>`;
}
