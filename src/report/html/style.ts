// The HTML report's stylesheet, inlined so the file needs nothing else: status colours always come with an
// icon letter and a word, focus is always visible, and print shows every expanded finding without controls.

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1a1a1a; --muted: #5a5a5a; --line: #d0d0d0; --panel: #f5f5f5; --focus: #0b57d0;
  --code-bg: #f0f0f0; --link: #0b57d0;
  --fail: #b3261e; --error: #7b1fa2; --unknown: #8a5a00; --exempt: #00639b; --pass: #1b6e20;
  --fail-bg: #fde8e6; --error-bg: #f3e5f5; --unknown-bg: #fff3d6; --exempt-bg: #e1f0fb; --pass-bg: #e6f4e7;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #161616; --fg: #ececec; --muted: #a8a8a8; --line: #444; --panel: #222; --focus: #8ab4f8;
    --code-bg: #262626; --link: #8ab4f8;
    --fail: #ff8a80; --error: #e1a6f0; --unknown: #ffd26e; --exempt: #8fcdf5; --pass: #8fd694;
    --fail-bg: #3b1412; --error-bg: #2e1435; --unknown-bg: #352a0c; --exempt-bg: #0d2838; --pass-bg: #12301a;
  }
}
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
body { margin: 0 auto; max-width: 1280px; padding: 0 1.25rem 3rem; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin: 1.2rem 0 0.4rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
h3 { font-size: 1.1rem; margin: 0; }
code, pre { font: 0.86rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--code-bg); padding: 0.5rem 0.6rem; margin: 0; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 4px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button { font: inherit; color: inherit; cursor: pointer; }
.vh { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: var(--bg); padding: 0.4rem 0.8rem; z-index: 10; }
.scope { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0 0; }
.scope dt { color: var(--muted); }
.scope dd { margin: 0; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 0.6rem; list-style: none; padding: 0; margin: 0.5rem 0; }
.card { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: 0.5rem 0.8rem; min-width: 8.5rem; background: var(--panel); }
.card .n { display: block; font-size: 1.6rem; font-weight: 700; line-height: 1.1; }
.card.s-fail { border-left-color: var(--fail); } .card.s-error { border-left-color: var(--error); }
.card.s-unknown { border-left-color: var(--unknown); } .card.s-exempt { border-left-color: var(--exempt); }
.card.s-pass { border-left-color: var(--pass); }
.card.sev { border-left-width: 1px; }
.status { display: inline-block; font-weight: 600; white-space: nowrap; padding: 0 0.35rem; border-radius: 3px; border: 1px solid currentColor; }
.status .icon { display: inline-block; width: 1.1em; text-align: center; }
.status.s-fail { color: var(--fail); background: var(--fail-bg); }
.status.s-error { color: var(--error); background: var(--error-bg); }
.status.s-unknown { color: var(--unknown); background: var(--unknown-bg); }
.status.s-exempt { color: var(--exempt); background: var(--exempt-bg); }
.status.s-pass { color: var(--pass); background: var(--pass-bg); }
.badge { display: inline-block; font-size: 0.78rem; font-weight: 600; border: 1px solid var(--line); border-radius: 3px; padding: 0 0.3rem; white-space: nowrap; }
.badge.new { border-color: var(--fail); color: var(--fail); }
.badge.destructive { border-color: var(--fail); color: var(--fail); }
.sev-critical, .sev-high { font-weight: 700; }
.chart { width: 100%; max-width: 1000px; height: auto; }
.chart text { fill: var(--fg); font: 13px system-ui, sans-serif; }
.chart .seg-label { font-weight: 700; fill: #fff; paint-order: stroke; stroke: rgba(0, 0, 0, 0.6); stroke-width: 3px; }
.chart .seg-pass-label { fill: #fff; }
.chart .track { fill: var(--panel); stroke: var(--line); }
.pat-fail { fill: var(--fail); } .pat-error { fill: var(--error); } .pat-unknown { fill: var(--unknown); }
.pat-exempt { fill: var(--exempt); } .pat-pass { fill: var(--pass); }
.pat-line { stroke: var(--bg); stroke-width: 1.6; fill: none; } .pat-dot { fill: var(--bg); }
.seg-fail { fill: url(#pattern-fail); } .seg-error { fill: url(#pattern-error); }
.seg-unknown { fill: url(#pattern-unknown); } .seg-exempt { fill: url(#pattern-exempt); }
.seg-pass { fill: url(#pattern-pass); }
.legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; list-style: none; padding: 0; margin: 0.3rem 0; }
.legend svg { vertical-align: middle; margin-right: 0.3rem; }
.notes li { margin: 0.2rem 0; }
.controls { display: flex; flex-wrap: wrap; gap: 0.8rem 1.4rem; align-items: flex-end; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.7rem 0.9rem; margin: 0.6rem 0; }
.controls[hidden] { display: none; }
.controls fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 0.7rem; }
.controls legend { font-weight: 600; padding: 0; margin-bottom: 0.2rem; width: 100%; }
.controls label { white-space: nowrap; }
.controls .field { display: flex; flex-direction: column; gap: 0.2rem; }
.controls .field > label { font-weight: 600; }
.controls select, .controls input[type="search"] { font: inherit; padding: 0.25rem 0.4rem; min-width: 12rem; color: inherit; background: var(--bg); border: 1px solid var(--muted); border-radius: 4px; }
.controls .actions { display: flex; gap: 0.5rem; }
.controls .actions button, .copy { background: var(--bg); border: 1px solid var(--muted); border-radius: 4px; padding: 0.2rem 0.6rem; }
.shown { font-weight: 600; margin: 0.4rem 0; }
section.check { border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin: 1rem 0; }
section.check[hidden] { display: none; }
.check-head { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; align-items: baseline; }
.check-id { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--muted); }
.rationale { margin: 0.4rem 0; }
.compliance { display: flex; flex-wrap: wrap; gap: 0.3rem; list-style: none; padding: 0; margin: 0.3rem 0 0.6rem; }
.compliance li { font: 0.78rem ui-monospace, Menlo, Consolas, monospace; border: 1px solid var(--line); border-radius: 3px; padding: 0 0.3rem; }
.empty-filter[hidden] { display: none; }
table.findings { width: 100%; border-collapse: collapse; table-layout: auto; }
table.findings[hidden] { display: none; }
table.findings th, table.findings td { text-align: left; vertical-align: top; padding: 0.3rem 0.45rem; border-bottom: 1px solid var(--line); }
table.findings thead th { border-bottom: 2px solid var(--muted); white-space: nowrap; }
table.findings tbody[hidden] { display: none; }
table.findings tbody th { font-weight: 400; }
.sort { background: none; border: 0; padding: 0; font-weight: 700; text-decoration: underline dotted; }
.sort::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] .sort::after { content: " \\25B2"; color: var(--fg); }
th[aria-sort="descending"] .sort::after { content: " \\25BC"; color: var(--fg); }
.toggle { background: none; border: 0; padding: 0; text-align: left; overflow-wrap: anywhere; color: var(--link); text-decoration: underline; }
.toggle::before { content: "\\25B8\\00A0"; display: inline-block; text-decoration: none; }
.toggle[aria-expanded="true"]::before { content: "\\25BE\\00A0"; }
.msg { overflow-wrap: anywhere; }
tr.detail > td { background: var(--panel); padding: 0.6rem 0.9rem 0.9rem; }
tr.detail[hidden] { display: none; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.9rem; margin: 0 0 0.5rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.block { margin: 0.6rem 0 0; }
.block-title { font-weight: 700; margin: 0 0 0.2rem; }
.code { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.25rem 0; }
.code pre { flex: 1; }
ol.commands { margin: 0.3rem 0; padding-left: 1.6rem; }
ol.commands li { margin: 0.35rem 0; }
details > summary { cursor: pointer; font-weight: 600; }
noscript p { background: var(--panel); padding: 0.4rem 0.6rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
@media print {
  :root { color-scheme: light; --bg: #fff; --fg: #000; --muted: #444; --panel: #fff; --code-bg: #f4f4f4; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  .controls, .copy, .skip, .more button, .sort::after, .toggle::before { display: none !important; }
  tr.detail[hidden] { display: table-row !important; }
  .sort, .toggle { text-decoration: none; color: inherit; }
  .sort::after, .toggle::before { content: none !important; }
  details > summary { list-style: none; }
  details::details-content { content-visibility: visible; display: contents; }
  section.check, tbody.finding, .card { break-inside: avoid-page; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: var(--muted); }
  pre { white-space: pre-wrap; }
}
`;

/** Without a script the findings cannot be listed: say so where they would be. */
export const NOSCRIPT_CSS = `.shown { display: none; }`;
