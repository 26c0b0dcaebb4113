import {access, constants, readdir, readFile} from "node:fs/promises";
import {delimiter, join} from "node:path";

/**
 * Facts about the machine that explain a missing reading (systeminformation only says null).
 * Fields are null when unknown: not probed, or not applicable on this platform.
 */
export interface HardwareEnvironment {
  platform: string;
  /** Linux: temperature inputs under /sys/class/hwmon and zones under /sys/class/thermal. */
  thermal: {hwmonInputs: number; thermalZones: number; unreadable: number} | null;
  /** Executables on PATH that systeminformation needs for GPUs on Linux. */
  commands: {lspci: boolean; nvidiaSmi: boolean} | null;
  /** Linux: PCI devices of class 0x03 (display controller) under /sys/bus/pci/devices. */
  pciDisplayControllers: number | null;
}

/** What we know without probing (used with injected providers, which simulate another machine). */
export function unknownEnvironment(platform: string = process.platform): HardwareEnvironment {
  return {platform, thermal: null, commands: null, pciDisplayControllers: null};
}

/** Probes this machine once; cheap async reads of /sys and PATH, no child processes. */
export async function probeEnvironment(): Promise<HardwareEnvironment> {
  const platform = process.platform;
  if (platform !== "linux") return unknownEnvironment(platform);
  const [thermal, lspci, nvidiaSmi, pciDisplayControllers] = await Promise.all([probeThermal(), onPath("lspci"), onPath("nvidia-smi"), probePciDisplay()]);
  return {platform, thermal, commands: {lspci, nvidiaSmi}, pciDisplayControllers};
}

async function probeThermal(): Promise<HardwareEnvironment["thermal"]> {
  let hwmonInputs = 0;
  let unreadable = 0;
  for (const hwmon of await list("/sys/class/hwmon")) {
    for (const name of await list(join("/sys/class/hwmon", hwmon))) {
      if (!/^temp\d+_input$/.test(name)) continue;
      ++hwmonInputs;
      try {
        await readFile(join("/sys/class/hwmon", hwmon, name), "utf8");
      } catch {
        ++unreadable;
      }
    }
  }
  const thermalZones = (await list("/sys/class/thermal")).filter((name) => name.startsWith("thermal_zone")).length;
  return {hwmonInputs, thermalZones, unreadable};
}

async function probePciDisplay(): Promise<number | null> {
  const devices = await list("/sys/bus/pci/devices");
  let count = 0;
  for (const device of devices) {
    try {
      if ((await readFile(join("/sys/bus/pci/devices", device, "class"), "utf8")).trim().startsWith("0x03")) ++count;
    } catch {
      return null;
    }
  }
  return count;
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      await access(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}
