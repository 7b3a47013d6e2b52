import type { BenchConfig } from 'bench/bench-config';
import type { BenchEnvironment } from 'bench/bench-environment';
import type { ServerCounters } from 'bench/database';
import { type LoadFigures, type LoadSpec, round, runLoad } from 'bench/load';
import type { CpuUsage } from 'bench/process-stats';

export type Log = (message: string) => void;

export interface Measured {
  load: LoadFigures;
  cpu: CpuUsage;
  // Per 2xx answer, server-wide: other clients of the same MariaDB count too.
  databasePerRequest: ServerCounters;
}

/** What every scenario does the same way: a warm-up, then a measured run with CPU sampled around it. */
export class ScenarioRunner {
  constructor(
    readonly env: BenchEnvironment,
    readonly config: BenchConfig,
    readonly log: Log,
  ) {}

  // `settle` runs between the warm-up and the measured run.
  async measure(
    label: string,
    serverPid: number,
    spec: LoadSpec,
    settle?: () => Promise<void>,
  ): Promise<Measured> {
    await this.warmUp(spec);
    await settle?.();
    this.log(`${label}: ${this.config.durationSeconds} s`);
    const cpu = this.env.cpuWindow(serverPid);
    const countersBefore = await this.env.db.serverCounters();
    cpu.start();
    const load = await runLoad(
      { ...spec, durationSeconds: this.config.durationSeconds },
      this.config.loadGenerator,
    );
    const usage = cpu.stop();
    const databasePerRequest = perUnit(countersBefore, await this.env.db.serverCounters(), load.ok);
    this.log(
      `  ${round(load.okPerSecond)} 2xx/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ` +
        `non-2xx ${load.non2xx}, errors ${load.errors}; CPU ${formatCpu(usage)}`,
    );
    return { load, cpu: usage, databasePerRequest };
  }

  async warmUp(spec: LoadSpec): Promise<void> {
    if (this.config.warmupSeconds > 0) {
      await runLoad(
        { ...spec, durationSeconds: this.config.warmupSeconds },
        this.config.loadGenerator,
      );
    }
  }
}

export function formatCpu(usage: CpuUsage): string {
  const parts = Object.entries(usage.processes).map(([name, percent]) => `${name} ${percent}%`);
  return `${parts.join(', ')}, machine ${usage.machineBusyPercent}%`;
}

export function perUnit(
  before: ServerCounters,
  after: ServerCounters,
  units: number,
): ServerCounters {
  const entries = Object.keys(before).map((name) => {
    const key = name as keyof ServerCounters;
    return [key, units > 0 ? round((after[key] - before[key]) / units, 2) : 0];
  });
  return Object.fromEntries(entries) as ServerCounters;
}

export function ratio(figure: number, reference: number): number {
  return reference > 0 ? round(figure / reference, 2) : 0;
}
