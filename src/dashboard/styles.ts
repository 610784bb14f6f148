// The dashboard's stylesheet, served from our origin so the CSP can say `style-src 'self'` (no
// inline styles). Colours keep at least 4.5:1 contrast against their backgrounds (WCAG AA).
export const DASHBOARD_CSS = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #ffffff; }
body { margin: 0; line-height: 1.5; }
.top { display: flex; justify-content: space-between; align-items: center; padding: 0.5rem 1.5rem; background: #24292f; color: #ffffff; }
.top a, .top strong { color: #ffffff; }
.brand { font-weight: 700; text-decoration: none; }
.signout { display: flex; gap: 0.75rem; align-items: center; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.75rem; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
a { color: #0550ae; }
.numbers { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.75rem; margin: 0; }
.numbers div { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.75rem; }
.numbers dt { font-size: 0.9rem; color: #57606a; } .numbers dd { margin: 0; font-size: 1.6rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.notice { border: 1px solid #1a7f37; background: #dafbe1; color: #0f5323; padding: 0.5rem 0.75rem; border-radius: 6px; }
.refusal { border: 1px solid #cf222e; background: #ffebe9; color: #82071e; padding: 0.75rem 1rem; border-radius: 6px; }
.error { color: #a40e26; }
.status-enabled { color: #116329; font-weight: 600; } .status-disabled { color: #57606a; font-weight: 600; }
button, .button { font: inherit; padding: 0.3rem 0.8rem; border: 1px solid #1f2328; border-radius: 6px; background: #f6f8fa; color: #1f2328; cursor: pointer; text-decoration: none; }
.primary { background: #1f883d; border-color: #1a7f37; color: #ffffff; }
input[type="search"], input[type="file"] { font: inherit; }
form.inline { display: inline; }
.chart { max-width: 100%; height: auto; }
.chart .consumed { stroke: #0550ae; } .chart .purchased { stroke: #bc4c00; stroke-dasharray: 6 4; }
.chart text { font-size: 12px; fill: #1f2328; }
.pager { display: flex; gap: 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
