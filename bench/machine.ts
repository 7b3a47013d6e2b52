import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryMiB: number;
  os: string;
  node: string;
  database: string;
}

export interface LoadReading {
  at: string;
  // 1, 5 and 15 minute load averages; on a shared machine, the other work running alongside.
  loadAverage: [number, number, number];
  uptime: string;
}

export function machineInfo(databaseVersion: string): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryMiB: Math.round(totalmem() / (1024 * 1024)),
    os: `Linux ${release()}`,
    node: process.version,
    database: databaseVersion,
  };
}

export function readLoad(): LoadReading {
  const [one, five, fifteen] = loadavg().map((value) => Math.round(value * 100) / 100);
  let uptime = '';
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    // No `uptime` binary: the load averages say the same.
  }
  return { at: new Date().toISOString(), loadAverage: [one, five, fifteen], uptime };
}
