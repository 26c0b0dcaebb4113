import * as Inputs from "npm:@observablehq/inputs";
import {html} from "npm:htl";
import {autoChart} from "./autoChart.js";
import {emptyState} from "./emptyState.js";
import {count} from "./format.js";
import {resultRows} from "./resultRows.js";

/**
 * A SQL editor over a DuckDBClient: the query (Ctrl/⌘+Enter or Run), example queries to click,
 * the result as a table and an automatic chart, and errors shown inline. It renders its own
 * results, so running a query again (e.g. over the growing `live` table) needs no page reactivity.
 * @param {object} db a DuckDBClient
 * @param {object} [options]
 * @param {{label: string, sql: string}[]} [options.examples]
 * @param {string} [options.initial] the query shown and run first
 * @param {() => Promise<unknown>} [options.beforeRun] runs before each query (e.g. flush live rows)
 * @returns {HTMLElement} its `value` is the last {sql, rows, columns, error, ms}
 */
export function sqlExplorer(db, {examples = [], initial = examples[0]?.sql ?? "SELECT 1", beforeRun} = {}) {
  const editor = html`<textarea spellcheck="false" aria-label="SQL query">${initial}</textarea>`;
  const runButton = html`<button class="pulse-primary" type="button">Run</button>`;
  const status = html`<span class="pulse-sql-status" role="status" aria-live="polite"></span>`;
  const results = html`<div class="pulse-sql-results"></div>`;
  const chart = html`<div class="pulse-sql-chart"></div>`;
  const element = html`<div class="pulse-sql">
    <div class="pulse-examples" aria-label="Example queries">${examples.map(({label, sql}) => {
      const button = html`<button type="button" title=${sql}>${label}</button>`;
      button.onclick = () => {
        editor.value = sql;
        run();
      };
      return button;
    })}</div>
    ${editor}
    <div class="pulse-sql-bar">${runButton} ${status} <span class="pulse-note">Ctrl+Enter runs the query</span></div>
    <div class="card" style="margin-top: 1rem;"><h2>Result</h2>${results}</div>
    <div class="card"><h2>Chart</h2><h3>Chosen from the result's columns</h3>${chart}</div>
  </div>`;
  let last = null;
  let running = null;

  function draw() {
    if (!last || last.error) return;
    chart.replaceChildren(autoChart(last, {width: Math.max(240, chart.clientWidth || 480)}));
  }

  async function run() {
    const sql = editor.value.trim();
    if (running) await running;
    status.textContent = "running…";
    runButton.disabled = true;
    const started = performance.now();
    running = (async () => {
      try {
        await beforeRun?.();
        const {columns, rows} = resultRows(await db.query(sql));
        last = {sql, columns, rows, error: null, ms: performance.now() - started};
        status.textContent = `${count(rows.length)} row${rows.length === 1 ? "" : "s"} in ${Math.round(last.ms)} ms`;
        results.replaceChildren(rows.length ? Inputs.table(rows, {rows: 12, select: false, layout: "auto"}) : emptyState("The query returned no rows"));
        draw();
      } catch (error) {
        last = {sql, columns: [], rows: [], error: error.message, ms: performance.now() - started};
        status.textContent = "error";
        results.replaceChildren(emptyState("The query failed", {detail: error.message, kind: "error"}));
        chart.replaceChildren(emptyState("No chart: the query failed"));
      } finally {
        runButton.disabled = false;
        element.value = last;
        element.dispatchEvent(new Event("input", {bubbles: true}));
      }
    })();
    return running;
  }

  runButton.onclick = run;
  editor.onkeydown = (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  };
  new ResizeObserver(() => draw()).observe(chart);
  element.value = null;
  element.run = run;
  run();
  return element;
}
