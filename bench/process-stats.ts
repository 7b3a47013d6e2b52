import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

// Linux /proc readings: a process's memory, CPU time of processes, of a process's main thread and
// of the whole machine.

const CLOCK_TICKS_PER_SECOND = 100;
const MIB = 1024 * 1024;

export interface MemoryReading {
  rssMiB: number;
  // VmHWM: the process's peak resident set so far.
  peakRssMiB: number;
}

export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssMiB: kibFieldInMiB(status, 'VmRSS'), peakRssMiB: kibFieldInMiB(status, 'VmHWM') };
  } catch {
    return null;
  }
}

function kibFieldInMiB(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? (Number(match[1]) * 1024) / MIB : 0;
}

export interface RssSample {
  atMs: number;
  rssMiB: number;
}

/**
 * Samples one process's RSS every `intervalMs`; across processes (the gateway is restarted per
 * scenario) it keeps the highest peak seen, by VmHWM, so a peak between samples is not missed.
 */
export class RssSampler {
  private pid: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private samples: RssSample[] = [];
  private instancePeakMiB = 0;
  private overallPeakMiB = 0;

  constructor(private readonly intervalMs = 500) {}

  get peakMiB(): number {
    return this.overallPeakMiB;
  }

  watch(pid: number): void {
    this.finish();
    this.pid = pid;
    this.samples = [];
    this.instancePeakMiB = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling the current process and returns its peak. */
  finish(): number {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    if (this.pid !== null) {
      this.sample();
      this.pid = null;
    }
    return this.instancePeakMiB;
  }

  current(): number {
    return this.samples.at(-1)?.rssMiB ?? 0;
  }

  samplesSince(atMs: number): RssSample[] {
    return this.samples.filter((sample) => sample.atMs >= atMs);
  }

  private sample(): void {
    if (this.pid === null) {
      return;
    }
    const reading = readMemory(this.pid);
    if (!reading) {
      return;
    }
    this.samples.push({ atMs: Date.now(), rssMiB: reading.rssMiB });
    const peak = Math.max(reading.peakRssMiB, reading.rssMiB);
    this.instancePeakMiB = Math.max(this.instancePeakMiB, peak);
    this.overallPeakMiB = Math.max(this.overallPeakMiB, peak);
  }
}

interface CpuSnapshot {
  atMs: number;
  processTicks: Map<number, number>;
  machineBusy: number;
  machineTotal: number;
}

export interface CpuUsage {
  // Per watched process, in % of one core (a Node main thread tops out near 100%).
  processes: Record<string, number>;
  // The whole machine, in % of all cores.
  machineBusyPercent: number;
}

/** CPU use of named processes and of the machine between `start()` and `stop()`. */
export class CpuWindow {
  private first: CpuSnapshot | null = null;

  /**
   * `withReapedChildren`: processes whose finished children count too (the bench's own, which runs
   * wrk as a child and waits for it within the window).
   */
  constructor(
    private readonly pids: Record<string, number>,
    private readonly withReapedChildren: readonly number[] = [],
  ) {}

  start(): void {
    this.first = snapshot(Object.values(this.pids), this.withReapedChildren);
  }

  stop(): CpuUsage {
    const first = this.first;
    if (!first) {
      throw new Error('CpuWindow.stop() before start()');
    }
    const last = snapshot(Object.values(this.pids), this.withReapedChildren);
    const seconds = (last.atMs - first.atMs) / 1000;
    const processes: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const ticks = (last.processTicks.get(pid) ?? 0) - (first.processTicks.get(pid) ?? 0);
      processes[name] = seconds > 0 ? round1((100 * ticks) / CLOCK_TICKS_PER_SECOND / seconds) : 0;
    }
    const total = last.machineTotal - first.machineTotal;
    const busy = last.machineBusy - first.machineBusy;
    return { processes, machineBusyPercent: total > 0 ? round1((100 * busy) / total) : 0 };
  }
}

function snapshot(pids: number[], withReapedChildren: readonly number[]): CpuSnapshot {
  const processTicks = new Map<number, number>();
  for (const pid of pids) {
    const ticks = processCpuTicks(pid, withReapedChildren.includes(pid));
    if (ticks !== null) {
      processTicks.set(pid, ticks);
    }
  }
  const [machineBusy, machineTotal] = machineTicks();
  return { atMs: Date.now(), processTicks, machineBusy, machineTotal };
}

/**
 * Nanoseconds the process's main thread (the event loop) has spent on a core and waiting for one
 * (`/proc/<pid>/task/<pid>/schedstat`), or null where that cannot be read.
 */
export function readMainThreadSchedstat(pid: number): [run: number, wait: number] | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8')
      .trim()
      .split(' ')
      .map(Number);
    return [run, wait];
  } catch {
    return null;
  }
}

function processCpuTicks(pid: number, withReapedChildren: boolean): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed (utime 14, stime 15, and
    // the children waited for: cutime 16, cstime 17).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return null;
  }
}

function machineTicks(): [busy: number, total: number] {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return [total - idle, total];
  } catch {
    // Not Linux: fall back to Node's own per-core times.
    const times = cpus().map((cpu) => cpu.times);
    const total = times.reduce((sum, t) => sum + t.user + t.nice + t.sys + t.idle + t.irq, 0);
    const idle = times.reduce((sum, t) => sum + t.idle, 0);
    return [total - idle, total];
  }
}

/** The MariaDB/MySQL server's pid when it runs on this machine and is visible, else null. */
export function findDatabaseServerPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (name === 'mariadbd' || name === 'mysqld') {
        return Number(entry);
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
