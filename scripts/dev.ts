import {spawn, type ChildProcess} from "node:child_process";
import {existsSync} from "node:fs";
import {createServer} from "node:net";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {frameworkEnv, prepare, projectRoot} from "./framework.ts";

/**
 * `npm run dev [-- preview options]`: the live bridge (`pulse serve`) and Framework's preview server
 * together; Ctrl-C, or either one exiting, stops both.
 *
 * The bridge starts only when cli/commands/serve.ts exists, with PULSE_SERVE_ARGS (default
 * "--data <PULSE_DATA_DIR or data/> --loop --speed 600 --origins <the preview's origin>"); the preview gets
 * PULSE_BRIDGE (default 8787, the bridge's default port) so the live pages connect to it
 * (observablehq.config.ts writes it into a meta tag), and `--port` (its own, else the first free one from 3000).
 */

export interface DevCommand {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** What `npm run dev` starts; pure, so the choice is testable. */
export function devCommands({
  previewArgs = [],
  env = process.env,
  hasBridge = existsSync(join(projectRoot, "cli", "commands", "serve.ts")),
  port
}: {previewArgs?: string[]; env?: NodeJS.ProcessEnv; hasBridge?: boolean; port?: number} = {}): DevCommand[] {
  const commands: DevCommand[] = [];
  const previewEnv = frameworkEnv(env);
  // The preview's port: --port in its arguments, else `port` (main picks a free one, as Framework would) passed on to it.
  const given = previewPort(previewArgs);
  if (given === null && port !== undefined) previewArgs = [...previewArgs, "--port", String(port)];
  const origin = given ?? port ?? 3000;
  if (hasBridge) {
    // 600× event time: the sample data opens with an overnight gap (stores open at 08:00), which at the
    // bridge's default 60× would keep the live pages still for eight minutes.
    // The folder the loaders read (PULSE_DATA_DIR, src/data/dataDir.ts), so live pages and snapshots show the same data.
    // The preview's origin is allowed (the bridge's default allows port 3000 only: a preview on 3001 got close code 4003).
    const serveArgs =
      env.PULSE_SERVE_ARGS !== undefined
        ? env.PULSE_SERVE_ARGS.split(/\s+/).filter(Boolean)
        : ["--data", env.PULSE_DATA_DIR ?? "data/", "--loop", "--speed", "600", "--origins", `http://127.0.0.1:${origin},http://localhost:${origin}`];
    // bin/pulse, as `npx pulse serve` runs it (node with the memory settings documented there).
    commands.push({name: "bridge", command: join(projectRoot, "bin", "pulse"), args: ["serve", ...serveArgs], env: {...env, PULSE_NODE: env.PULSE_NODE ?? process.execPath}});
    previewEnv.PULSE_BRIDGE = env.PULSE_BRIDGE ?? "8787";
  }
  commands.push({
    name: "preview",
    command: process.execPath,
    args: ["--import", "tsx", join(projectRoot, "scripts", "framework.ts"), "preview", ...previewArgs],
    env: previewEnv
  });
  return commands;
}

/** The port a preview's arguments ask for (`--port N` or `--port=N`), or null. */
export function previewPort(args: readonly string[]): number | null {
  for (let i = 0; i < args.length; ++i) {
    const text = args[i] === "--port" ? args[i + 1] : args[i].startsWith("--port=") ? args[i].slice(7) : undefined;
    if (text !== undefined && /^\d+$/.test(text)) return Number(text);
  }
  return null;
}

/** The first port from `from` on that 127.0.0.1 can listen on (Framework's own search, done first so the bridge knows it). */
export async function freePort(from = 3000): Promise<number> {
  for (let port = from; port < 49152; ++port) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

export interface Running {
  children: ChildProcess[];
  /** Stops every child (SIGTERM, then SIGKILL after `grace` ms). */
  stop(): Promise<void>;
  /** Resolves when all children have exited, with the first non-zero exit code (or 0). */
  done: Promise<number>;
}

/** Starts the commands; when one exits, the others are stopped. */
export function runTogether(commands: readonly DevCommand[], {grace = 5000, stdio = "inherit" as "inherit" | "ignore" | "pipe"} = {}): Running {
  let stopping = false;
  const exited = new Set<ChildProcess>();
  const children = commands.map((c) => spawn(c.command, c.args, {cwd: projectRoot, env: c.env, stdio}));
  const stop = async () => {
    stopping = true;
    const alive = children.filter((child) => !exited.has(child));
    for (const child of alive) child.kill("SIGTERM");
    const timer = setTimeout(() => alive.forEach((child) => exited.has(child) || child.kill("SIGKILL")), grace);
    await done;
    clearTimeout(timer);
  };
  const done = Promise.all(
    children.map(
      (child, i) =>
        new Promise<number>((resolve) => {
          const finish = (code: number) => {
            if (exited.has(child)) return;
            exited.add(child);
            if (!stopping) {
              process.stderr.write(`dev: ${commands[i].name} exited (${code}); stopping the rest\n`);
              void stop();
            }
            resolve(code);
          };
          child.once("exit", (code, signal) => finish(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1)));
          child.once("error", (error) => {
            process.stderr.write(`dev: ${commands[i].name}: ${error.message}\n`);
            finish(1);
          });
        })
    )
  ).then((codes) => codes.find((code) => code !== 0) ?? 0);
  return {children, stop, done};
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Fill the caches once here so the preview child starts at once.
  await prepare();
  const previewArgs = process.argv.slice(2);
  const commands = devCommands({previewArgs, port: previewPort(previewArgs) ?? (await freePort())});
  if (commands.length === 1) process.stderr.write("dev: no cli/commands/serve.ts yet; starting the preview server only\n");
  const running = runTogether(commands);
  // Ctrl-C reaches the children too (same process group); stop() makes sure they go.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void running.stop());
  process.exitCode = await running.done;
}
