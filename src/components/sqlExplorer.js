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
 * DuckDB-WASM takes seconds to start: given a promise of the client, queries wait for it, and
 * `first` (the initial query's result computed without DuckDB, see sqlExamples.js) is shown
 * meanwhile, then replaced by DuckDB's own answer.
 * @param {object | Promise<object>} db a DuckDBClient, or a promise of one
 * @param {object} [options]
 * @param {{label: string, sql: string}[]} [options.examples]
 * @param {string} [options.initial] the query shown and run first
 * @param {{columns: object[], rows: object[]}} [options.first] the initial query's result (resultRows() shape), to show until DuckDB answers
 * @param {() => Promise<unknown>} [options.beforeRun] runs before each query (e.g. flush live rows)
 * @returns {HTMLElement} its `value` is the last {sql, rows, columns, error, ms, source: "duckdb" | "snapshot"}
 */
export function sqlExplorer(db, {examples = [], initial = examples[0]?.sql ?? "SELECT 1", first, beforeRun} = {}) {
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

  function show(rows) {
    results.replaceChildren(rows.length ? Inputs.table(rows, {rows: 12, select: false, layout: "auto"}) : emptyState("The query returned no rows"));
    draw();
  }

  const client = Promise.resolve(db);
  let started = false;
  client.then(() => (started = true), () => {});

  async function run() {
    const sql = editor.value.trim();
    if (running) await running;
    status.textContent = started ? "running…" : "starting DuckDB…";
    runButton.disabled = true;
    let began = performance.now();
    running = (async () => {
      try {
        const duckdb = await client;
        began = performance.now(); // the query's time, not DuckDB's start
        await beforeRun?.();
        const {columns, rows} = resultRows(await duckdb.query(sql));
        last = {sql, columns, rows, error: null, ms: performance.now() - began, source: "duckdb"};
        status.textContent = `${count(rows.length)} row${rows.length === 1 ? "" : "s"} in ${Math.round(last.ms)} ms`;
        show(rows);
      } catch (error) {
        last = {sql, columns: [], rows: [], error: error.message, ms: performance.now() - began, source: "duckdb"};
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
  if (first && !started) {
    last = {sql: initial.trim(), ...first, error: null, ms: 0, source: "snapshot"};
    element.value = last;
    show(first.rows);
  }
  run();
  if (first && !started) status.textContent = `${count(first.rows.length)} rows from the snapshot files; DuckDB is starting…`;
  return element;
}
