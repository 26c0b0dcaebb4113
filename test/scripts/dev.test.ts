import {join} from "node:path";
import {describe, expect, test, vi} from "vitest";
import {createServer, type AddressInfo} from "node:net";
import {devCommands, freePort, previewPort, runTogether, type DevCommand} from "../../scripts/dev.ts";
import {projectRoot} from "../../scripts/framework.ts";

describe("devCommands()", () => {
  test("starts the bridge (pulse serve) and points the preview's live pages at it", () => {
    const [bridge, preview] = devCommands({hasBridge: true, env: {PATH: "/usr/bin"}, previewArgs: ["--port", "3001"]});
    expect(bridge.name).toBe("bridge");
    // Through bin/pulse, the launcher `npx pulse` runs (node with pulse's memory settings).
    expect(bridge.command).toBe(join(projectRoot, "bin", "pulse"));
    // The preview's origin is allowed on the bridge (its default allows port 3000 only).
    expect(bridge.args).toEqual(["serve", "--data", "data/", "--loop", "--speed", "600", "--origins", "http://127.0.0.1:3001,http://localhost:3001"]);
    expect(preview.name).toBe("preview");
    expect(preview.args.slice(-4)).toEqual([join(projectRoot, "scripts", "framework.ts"), "preview", "--port", "3001"]);
    expect(preview.env.PULSE_BRIDGE).toBe("8787");
    expect(preview.env.OBSERVABLE_TELEMETRY_DISABLE).toBe("1");
  });

  test("takes the bridge's options from PULSE_SERVE_ARGS and its address from PULSE_BRIDGE", () => {
    const [bridge, preview] = devCommands({hasBridge: true, env: {PULSE_SERVE_ARGS: " --data /tmp/x  --port 9000 ", PULSE_BRIDGE: "9000"}});
    expect(bridge.args.slice(1)).toEqual(["--data", "/tmp/x", "--port", "9000"]);
    expect(preview.env.PULSE_BRIDGE).toBe("9000");
  });

  test("replays the folder the loaders read: PULSE_DATA_DIR", () => {
    const [bridge] = devCommands({hasBridge: true, env: {PULSE_DATA_DIR: "/srv/sales"}});
    expect(bridge.args).toEqual(["serve", "--data", "/srv/sales", "--loop", "--speed", "600", "--origins", "http://127.0.0.1:3000,http://localhost:3000"]);
  });

  test("without --port the preview gets the free port found for it, and the bridge allows that origin", () => {
    const [bridge, preview] = devCommands({hasBridge: true, env: {}, previewArgs: ["--no-open"], port: 3004});
    expect(preview.args.slice(-3)).toEqual(["--no-open", "--port", "3004"]);
    expect(bridge.args.slice(-2)).toEqual(["--origins", "http://127.0.0.1:3004,http://localhost:3004"]);
    expect(previewPort(["--port=3005"])).toBe(3005);
    expect(previewPort(["--port", "x"])).toBeNull();
  });

  test("freePort() skips a port in use", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const taken = (server.address() as AddressInfo).port;
    expect(await freePort(taken)).toBeGreaterThan(taken);
    await new Promise((resolve) => server.close(resolve));
  });

  test("starts only the preview when there is no serve command", () => {
    const commands = devCommands({hasBridge: false, env: {}});
    expect(commands.map((c) => c.name)).toEqual(["preview"]);
    expect(commands[0].env.PULSE_BRIDGE).toBeUndefined();
  });
});

const node = (name: string, code: string): DevCommand => ({name, command: process.execPath, args: ["-e", code], env: {}});
const forever = "setInterval(() => {}, 1000)";
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runTogether(commands)", () => {
  test("when one process exits, stops the others and reports its exit code", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const running = runTogether([node("bridge", "setTimeout(() => process.exit(3), 200)"), node("preview", forever)], {stdio: "ignore"});
    expect(await running.done).toBe(3);
    expect(running.children.map((c) => alive(c.pid!))).toEqual([false, false]);
    vi.restoreAllMocks();
  });

  test("stop() ends every process (Ctrl-C), and a clean stop exits 0", async () => {
    const running = runTogether([node("bridge", forever), node("preview", forever)], {stdio: "ignore"});
    await new Promise((resolve) => setTimeout(resolve, 200));
    await running.stop();
    expect(await running.done).toBe(0);
    expect(running.children.map((c) => alive(c.pid!))).toEqual([false, false]);
  });

  test("a process that ignores SIGTERM is killed after the grace period", async () => {
    const stubborn = node("bridge", `process.on("SIGTERM", () => {}); console.log("ready"); ${forever}`);
    const running = runTogether([stubborn, node("preview", forever)], {stdio: "pipe", grace: 300});
    // Wait until its handler is installed (node can take a while to start on a busy machine).
    await new Promise((resolve) => running.children[0].stdout!.once("data", resolve));
    const start = Date.now();
    await running.stop();
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
    expect(running.children.map((c) => alive(c.pid!))).toEqual([false, false]);
    expect(running.children[0].signalCode).toBe("SIGKILL");
  });
});
