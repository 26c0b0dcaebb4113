/**
 * Shared harness for real-browser tests: a headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core), a static server for dist/, the Framework preview server as a real process, and a
 * page visit that records every request, console error and page error and inspects the charts.
 */
import {spawn, type ChildProcess} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readdir, readFile, rm, stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import {createServer as createNetServer} from "node:net";
import {tmpdir} from "node:os";
import {dirname, extname, join, normalize, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium, type BrowserContext, type Page} from "playwright-core";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const distDir = join(projectRoot, "dist");
export const screenshotDir = join(projectRoot, "test", "output", "screenshots");
export const CHROMIUM = process.env.PULSE_CHROMIUM ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium profile in /tmp, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set PULSE_CHROMIUM)`);
  const profile = await mkdtemp(join(tmpdir(), "pulse-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: {width: 1280, height: 900}
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, {recursive: true, force: true});
    }
  };
}

export interface Site {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2"
};

/** Maps a URL path to a file the way static hosts serve Framework's clean URLs (/foo → foo.html). */
export function staticFile(root: string, pathname: string): string | null {
  const path = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  const file = join(root, path);
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (pathname.endsWith("/")) return join(file, "index.html");
  return extname(file) ? file : `${file}.html`;
}

/** Serves a built site on 127.0.0.1 at a free port. */
export async function serveStatic(root: string): Promise<Site> {
  const server: Server = createServer(async (req, res) => {
    const file = staticFile(root, new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error("not a file");
      res.writeHead(200, {"content-type": MIME[extname(file)] ?? "application/octet-stream"});
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address() as {port: number};
  return {url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve()))};
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address() as {port: number};
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `tsx scripts/framework.ts preview` (cache fill + Framework preview) and waits until it answers. */
export async function startPreview({timeout = 120_000} = {}): Promise<Site> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/framework.ts", "preview", "--host", "127.0.0.1", "--port", String(port), "--no-open"], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so close() ends Framework's process too.
    detached: true
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  };
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`preview server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) return {url, close};
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await close();
  throw new Error(`preview server did not answer on ${url} within ${timeout}ms:\n${output}`);
}

/** A real `pulse serve` process on 127.0.0.1 (see startBridge). */
export interface Bridge {
  /** Its stdout and stderr so far. */
  log(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `pulse serve <args> --port <port>` from the project root and waits until /health answers. */
export async function startBridge(args: string[], port: number): Promise<Bridge> {
  const child = spawn(process.execPath, ["bin/pulse.js", "serve", ...args, "--port", String(port)], {cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"]});
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const bridge: Bridge = {
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    }
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bridge exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) return bridge;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await bridge.stop();
  throw new Error(`bridge did not answer on port ${port}:\n${output}`);
}

/** Every page of a built site, as URL paths ("/", "/sales", "/stores/overview"). */
export async function discoverPages(root = distDir): Promise<string[]> {
  if (!existsSync(join(root, "index.html"))) throw new Error(`no built site in ${root}: run npm run build first`);
  const pages: string[] = [];
  const visit = async (dir: string) => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith("_")) await visit(path);
      } else if (entry.name.endsWith(".html") && entry.name !== "404.html") {
        const route = "/" + relative(root, path).split(sep).join("/").replace(/\.html$/, "");
        pages.push(route === "/index" ? "/" : route.replace(/\/index$/, "/"));
      }
    }
  };
  await visit(root);
  return pages.sort();
}

/** A file name for a page's screenshot: "/" → "index", "/stores/overview" → "stores-overview". */
export function pageName(route: string): string {
  const name = route.replace(/^\/|\/$/g, "").replace(/\//g, "-");
  return name === "" ? "index" : route.endsWith("/") ? `${name}-index` : name;
}

export interface Chart {
  /** Where the chart is: the nearest card's or figure's heading, or its position. */
  label: string;
  /** Mark groups (g[aria-label]) that are not axes, grids or tips, with their element counts. */
  marks: {label: string; elements: number}[];
}

export interface PageReport<T = undefined> {
  route: string;
  /** What the caller's inspect(page) returned, after the page settled. */
  inspected: T;
  requests: string[];
  /** Requests to any origin but the site's (http, https, ws, wss). */
  offOrigin: string[];
  /** Same-origin requests that failed or answered 4xx/5xx. */
  failed: string[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Text of Framework's error displays (a cell that threw). */
  cellErrors: string[];
  /** Cells still showing Framework's loading indicator when the visit gave up waiting. */
  stillLoading: number;
  charts: Chart[];
  screenshot: string;
}

/** Opens a page, waits until every cell has settled, and reports what happened. */
export async function visitPage<T = undefined>(
  context: BrowserContext,
  base: string,
  route: string,
  {screenshotName = pageName(route), timeout = 30_000, inspect}: {screenshotName?: string; timeout?: number; inspect?: (page: Page) => Promise<T>} = {}
): Promise<PageReport<T>> {
  const origin = new URL(base).origin;
  const requests: string[] = [];
  const failed: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const onRequest = (request: {url(): string}) => requests.push(request.url());
  const onFailed = (request: {url(): string; failure(): {errorText: string} | null}) => {
    const error = request.failure()?.errorText;
    // Aborted is not failed: DuckDB's worker cancels range requests it no longer needs, and
    // requests still in flight are cancelled when the page closes.
    if (error !== "net::ERR_ABORTED") failed.push(`${request.url()} (${error})`);
  };
  const onResponse = (response: {url(): string; status(): number}) => {
    if (response.status() >= 400) failed.push(`${response.url()} (HTTP ${response.status()})`);
  };
  // The context sees requests from the page and its workers (DuckDB's runs in one).
  context.on("request", onRequest);
  context.on("requestfailed", onFailed);
  context.on("response", onResponse);
  // Off-origin requests are recorded above, then refused here so a test never waits on DNS.
  await context.route(
    (url) => url.origin !== origin && /^(https?|wss?):$/.test(url.protocol),
    (route) => route.abort("blockedbyclient")
  );
  const page: Page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  try {
    await page.goto(new URL(route.replace(/^\//, ""), base).href, {waitUntil: "load", timeout});
    // A cell that never settles (a missing import, a promise that never resolves) is reported, not waited on forever.
    const settled = await page
      .waitForFunction(() => document.querySelector("observablehq-loading") === null, null, {timeout})
      .then(() => true, () => false);
    if (settled) await page.waitForLoadState("networkidle", {timeout});
    // Let resize() observers and the last renders settle.
    await page.waitForTimeout(300);
    const {charts, cellErrors, stillLoading} = await page.evaluate(inspectCharts);
    const inspected = (inspect ? await inspect(page) : undefined) as T;
    await mkdir(screenshotDir, {recursive: true});
    const screenshot = join(screenshotDir, `${screenshotName}.png`);
    await page.screenshot({path: screenshot, fullPage: true});
    const offOrigin = requests.filter((url) => {
      const u = new URL(url);
      return /^(https?|wss?):$/.test(u.protocol) && u.origin !== origin && u.origin !== origin.replace(/^http/, "ws");
    });
    return {route, inspected, requests, offOrigin, failed, consoleErrors, pageErrors, cellErrors, stillLoading, charts, screenshot};
  } finally {
    await page.close();
    await context.unrouteAll({behavior: "ignoreErrors"});
    context.off("request", onRequest);
    context.off("requestfailed", onFailed);
    context.off("response", onResponse);
  }
}

/** Runs in the page: finds Plot-style charts (outermost SVGs holding g[aria-label] marks) and Framework's cell errors. */
function inspectCharts(): {charts: Chart[]; cellErrors: string[]; stillLoading: number} {
  const charts: Chart[] = [];
  const svgs = Array.from(document.querySelectorAll("svg")).filter((svg) => !svg.parentElement?.closest("svg") && svg.querySelector("g[aria-label]"));
  svgs.forEach((svg, i) => {
    const holder = svg.closest(".card, figure");
    const heading = holder?.querySelector("h2, h3, figcaption")?.textContent?.trim();
    const marks = Array.from(svg.querySelectorAll("g[aria-label]"))
      .map((g) => ({label: g.getAttribute("aria-label") ?? "", elements: g.querySelectorAll("path, rect, circle, line, text, image, polygon, polyline, ellipse").length}))
      .filter((m) => !/axis|grid|tip|frame|legend/.test(m.label));
    charts.push({label: heading ? `${heading} (svg ${i + 1})` : `svg ${i + 1}`, marks});
  });
  const cellErrors = Array.from(document.querySelectorAll(".observablehq--error")).map((e) => e.textContent?.trim() ?? "");
  return {charts, cellErrors, stillLoading: document.querySelectorAll("observablehq-loading").length};
}

/** Problems a page report shows, one line each; empty when the page is clean. */
export function pageProblems(report: PageReport<unknown>): string[] {
  const problems: string[] = [];
  for (const url of report.offOrigin) problems.push(`request to another origin: ${url}`);
  for (const f of report.failed) if (!report.offOrigin.some((url) => f.startsWith(url))) problems.push(`failed request: ${f}`);
  for (const e of report.consoleErrors) problems.push(`console error: ${e}`);
  for (const e of report.pageErrors) problems.push(`page error: ${e}`);
  for (const e of report.cellErrors) problems.push(`cell error: ${e}`);
  if (report.stillLoading > 0) problems.push(`${report.stillLoading} cell(s) still loading when the visit gave up waiting`);
  for (const chart of report.charts) {
    if (chart.marks.length === 0) problems.push(`chart ${chart.label} has no mark groups`);
    for (const mark of chart.marks) if (mark.elements === 0) problems.push(`chart ${chart.label}: mark ${JSON.stringify(mark.label)} is empty`);
  }
  return problems;
}
