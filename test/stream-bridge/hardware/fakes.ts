// Fake systeminformation providers that simulate two machines, shaped like systeminformation
// 5.x output (the VM's values were captured on the 2-core CI VM with no sensors and no GPU).
import type {HardwareEnvironment} from "../../../stream-bridge/hardware/environment.ts";
import type {HardwareProvider} from "../../../stream-bridge/hardware/provider.ts";

type Overrides = Partial<{[K in keyof HardwareProvider]: any}>;

function provider(values: Record<string, unknown>, overrides: Overrides = {}): HardwareProvider & {calls: Record<string, number>} {
  const calls: Record<string, number> = {};
  const make = (name: string) => async () => {
    calls[name] = (calls[name] ?? 0) + 1;
    const value = values[name];
    return structuredClone(typeof value === "function" ? (value as (n: number) => unknown)(calls[name]) : value);
  };
  return {
    calls,
    currentLoad: make("currentLoad"),
    cpuTemperature: make("cpuTemperature"),
    mem: make("mem"),
    fsSize: make("fsSize"),
    disksIO: make("disksIO"),
    networkStats: make("networkStats"),
    graphics: make("graphics"),
    ...overrides
  } as HardwareProvider & {calls: Record<string, number>};
}

/** A VM: no thermal sensor, no GPU, no swap; rates null on the first call as systeminformation does. */
export function vmWithoutSensors(overrides: Overrides = {}) {
  return provider(
    {
      currentLoad: {avgLoad: 0.14, currentLoad: 66.3265306122449, cpus: [{load: 62}, {load: 70.83333333333334}]},
      cpuTemperature: {main: null, cores: [], max: null, socket: [], chipset: null},
      mem: {total: 25276502016, free: 23675719680, used: 1600782336, active: 483909632, available: 24792592384, swaptotal: 0, swapused: 0, swapfree: 0},
      fsSize: [{fs: "/dev/vda", type: "ext4", size: 270553174016, used: 23946915840, available: 84997378048, use: 21.98, mount: "/", rw: true}],
      disksIO: (n: number) =>
        n === 1
          ? {rIO: 7907, wIO: 8490, tIO: 16397, rIO_sec: null, wIO_sec: null, tIO_sec: null, ms: 0}
          : {rIO: 7946, wIO: 8836, tIO: 16782, rIO_sec: 33.02286198137172, wIO_sec: 292.9720575783234, tIO_sec: 325.9949195596951, ms: 1181},
      networkStats: (n: number) => [
        {iface: "eth0", operstate: "up", rx_bytes: 398360415 + (n - 1) * 1000, tx_bytes: 1034912 + (n - 1) * 500, rx_sec: n === 1 ? null : 1000, tx_sec: n === 1 ? null : 500, ms: n === 1 ? 0 : 1000}
      ],
      graphics: {controllers: [], displays: []}
    },
    overrides
  );
}

export const vmEnvironment: HardwareEnvironment = {
  platform: "linux",
  thermal: {hwmonInputs: 0, thermalZones: 0, unreadable: 0},
  commands: {lspci: false, nvidiaSmi: false},
  pciDisplayControllers: 0
};

/** A workstation: coretemp sensors, swap, an NVIDIA GPU with nvidia-smi and an Intel iGPU. */
export function workstationWithNvidia(overrides: Overrides = {}) {
  return provider(
    {
      currentLoad: {currentLoad: 12.5, cpus: [{load: 10}, {load: 15}, {load: 12}, {load: 13}]},
      cpuTemperature: {main: 52, cores: [50, 55, 51, 52], max: 55, socket: [], chipset: null},
      mem: {total: 34359738368, active: 8589934592, swaptotal: 2147483648, swapused: 1048576},
      fsSize: [
        {fs: "/dev/nvme0n1p2", type: "ext4", size: 1000000000000, used: 912000000000, available: 88000000000, use: 91.2, mount: "/", rw: true},
        {fs: "/dev/sda1", type: "xfs", size: 4000000000000, used: 1000000000000, available: 3000000000000, use: 25, mount: "/data", rw: true}
      ],
      disksIO: {rIO: 100, wIO: 200, tIO: 300, rIO_sec: 12.5, wIO_sec: 40, tIO_sec: 52.5, ms: 1000},
      networkStats: [{iface: "enp5s0", operstate: "up", rx_bytes: 5e9, tx_bytes: 1e9, rx_sec: 125000, tx_sec: 64000, ms: 1000}],
      graphics: {
        controllers: [
          {
            vendor: "NVIDIA Corporation",
            model: "GA102 [GeForce RTX 3090]",
            bus: "PCIe",
            busAddress: "01:00.0",
            vram: 24576,
            vramDynamic: false,
            driverVersion: "535.104.05",
            name: "NVIDIA GeForce RTX 3090",
            pciBus: "00000000:01:00.0",
            memoryTotal: 24576,
            memoryUsed: 1024,
            memoryFree: 23552,
            utilizationGpu: 37,
            temperatureGpu: 54
          },
          {vendor: "Intel Corporation", model: "UHD Graphics 770", bus: "Onboard", vram: 256, vramDynamic: true}
        ],
        displays: []
      }
    },
    overrides
  );
}

export const workstationEnvironment: HardwareEnvironment = {
  platform: "linux",
  thermal: {hwmonInputs: 5, thermalZones: 2, unreadable: 0},
  commands: {lspci: true, nvidiaSmi: true},
  pciDisplayControllers: 2
};
