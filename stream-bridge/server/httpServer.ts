import {timingSafeEqual} from "node:crypto";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import type {Duplex} from "node:stream";
import {WebSocketServer, type WebSocket} from "ws";
import {CLOSE} from "../protocol/protocol.ts";
import type {Hub} from "./hub.ts";

export interface HttpServerOptions {
  host: string;
  port: number;
  /** Origins allowed for CORS and WebSocket ("*" allows any). Requests without Origin (not a browser) pass. */
  origins: readonly string[];
  /** Bearer token required on /ws, /snapshot and /metrics (header or ?token=); /health stays open for probes. */
  token?: string;
  hub: Hub;
  health(): unknown;
  metrics(): Promise<{contentType: string; body: string}>;
  /** Arrow bytes of a live table, or null for an unknown table. */
  snapshot(table: string): Uint8Array | null;
  onClientCount?(count: number): void;
  /** A WebSocket refused before it reached the hub (4001, 4003). */
  onRefused?(reason: "unauthorized" | "origin"): void;
}

export interface HttpServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Codes in JSON error bodies; stable like lib/errors.ts codes. */
type HttpErrorCode = "E_NOT_FOUND" | "E_UNAUTHORIZED" | "E_METHOD" | "E_IO";

/** Serves /health, /metrics, /snapshot/<table>.arrow and the /ws WebSocket endpoint. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const {hub} = options;
  // No subprotocol is defined (the version is in every message): a client that asks for one gets none,
  // and a browser then fails the connection, as RFC 6455 says, rather than being told it got its own.
  const wss = new WebSocketServer({noServer: true, maxPayload: 4096, perMessageDeflate: false, clientTracking: false, handleProtocols: () => false});
  const server = createServer((request, response) => {
    onRequest(request, response).catch((error) => {
      if (!response.headersSent) sendError(response, 500, "E_IO", (error as Error).message);
      else response.destroy();
    });
  });
  server.on("upgrade", onUpgrade);

  async function onRequest(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://localhost");
    cors(request, response);
    if (request.method === "OPTIONS") {
      response.writeHead(204, {"access-control-allow-methods": "GET, OPTIONS", "access-control-allow-headers": "authorization", "access-control-max-age": "600"});
      response.end();
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") return sendError(response, 405, "E_METHOD", `method not allowed: ${request.method}`);
    if (url.pathname === "/health") return sendJson(response, 200, options.health());
    const isMetrics = url.pathname === "/metrics";
    const table = /^\/snapshot\/([a-z_]+)\.arrow$/.exec(url.pathname)?.[1];
    if (!isMetrics && table === undefined) return sendError(response, 404, "E_NOT_FOUND", `not found: ${url.pathname}`);
    if (!authorized(request, url)) return sendError(response, 401, "E_UNAUTHORIZED", "missing or wrong bearer token");
    if (isMetrics) {
      const {contentType, body} = await options.metrics();
      response.writeHead(200, {"content-type": contentType, "cache-control": "no-store"});
      response.end(body);
      return;
    }
    const bytes = options.snapshot(table!);
    if (!bytes) return sendError(response, 404, "E_NOT_FOUND", `unknown table: ${table}`);
    response.writeHead(200, {"content-type": "application/vnd.apache.arrow.file", "content-length": bytes.length, "cache-control": "no-store"});
    response.end(bytes);
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws") {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n" + JSON.stringify({error: "not found", code: "E_NOT_FOUND"}));
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request, url));
  }

  // Refusals complete the handshake and then close with a 4xxx code: a browser cannot read the HTTP
  // status of a failed upgrade (it only sees 1006), but it does see a close code and reason.
  function onConnection(ws: WebSocket, request: IncomingMessage, url: URL) {
    // ws closes a client that sent over maxPayload with 1009 and stops reading: the socket's own close
    // event then says 1006, so the reason is taken from the error that preceded it.
    let closeCode: number | undefined;
    ws.on("error", (error: Error & {code?: string}) => {
      if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") closeCode = 1009;
    });
    if (!originAllowed(request.headers.origin)) {
      options.onRefused?.("origin");
      return ws.close(CLOSE.forbiddenOrigin, "origin not allowed");
    }
    if (!authorized(request, url)) {
      options.onRefused?.("unauthorized");
      return ws.close(CLOSE.unauthorized, "missing or wrong token");
    }
    const since = url.searchParams.get("since");
    const resume = {since: since !== null && /^\d+$/.test(since) ? Number(since) : undefined, server: url.searchParams.get("server") ?? undefined};
    if (!hub.connect(ws, resume, Date.now())) return;
    options.onClientCount?.(hub.size);
    ws.on("pong", () => hub.pong(ws));
    ws.on("close", (code) => {
      hub.disconnect(ws, closeCode ?? code);
      options.onClientCount?.(hub.size);
    });
  }

  function originAllowed(origin: string | undefined): boolean {
    return origin === undefined || options.origins.includes("*") || options.origins.includes(origin);
  }

  function cors(request: IncomingMessage, response: ServerResponse) {
    const origin = request.headers.origin;
    if (origin !== undefined && originAllowed(origin)) {
      response.setHeader("access-control-allow-origin", origin);
      response.setHeader("vary", "Origin");
    }
  }

  function authorized(request: IncomingMessage, url: URL): boolean {
    if (options.token === undefined) return true;
    const header = request.headers.authorization;
    // The scheme name is case-insensitive (RFC 9110 §11.1).
    const bearer = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
    const given = bearer ? bearer[1] : url.searchParams.get("token");
    if (given === null || given === undefined) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(options.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`,
    close() {
      hub.closeAll(CLOSE.goingAway, "server shutting down");
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, {"content-type": "application/json; charset=utf-8", "cache-control": "no-store"});
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: HttpErrorCode, message: string) {
  sendJson(response, status, {error: message, code});
}
