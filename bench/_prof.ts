import { summariseCpuProfile } from 'bench/cpu-profile';
const s = summariseCpuProfile(process.argv[2], '/work/main', null, Number(process.argv[3] ?? 60));
console.log('busy', s.busyPercent, 'dur', s.durationMs);
for (const e of s.topFunctions) console.log('F', e.percent, e.name, e.location);
for (const e of s.topAreas) console.log('A', e.percent, e.name);
for (const e of s.topGatewayFunctions) console.log('G', e.percent, e.name, e.location);
