// The weekly chart is SVG markup with the numbers in it, readable without script.
import { describe, expect, it } from "vitest";
import { usageChart } from "../../src/dashboard/usage-chart.js";

describe("usageChart", () => {
  it("draws consumed and purchased lines and lists every week in a table", () => {
    const svg = usageChart([
      { date: "2026-11-09", consumed: 100, purchased: 500, per_deployment: {} },
      { date: "2026-11-16", consumed: 250, purchased: 500, per_deployment: {} },
      { date: "2026-11-23", consumed: 300, purchased: "unlimited", per_deployment: {} },
    ]).text;
    expect(svg).toContain('<svg class="chart" role="img"');
    expect(svg).toContain("Seats consumed per week from 2026-11-09 to 2026-11-23; latest 300");
    expect(svg.match(/<polyline class="consumed"[^>]*points="([^"]+)"/)![1]!.split(" ")).toHaveLength(3);
    // "unlimited" is no point on the purchased line
    expect(svg.match(/<polyline class="purchased"[^>]*points="([^"]+)"/)![1]!.split(" ")).toHaveLength(2);
    expect(svg).toContain("<td>2026-11-23</td><td>300</td><td>unlimited</td>");
  });

  it("says there is no history yet instead of drawing an empty chart", () => {
    expect(usageChart([]).text).toContain("No weekly usage yet");
  });
});
