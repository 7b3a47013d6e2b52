import { readFileSync } from 'node:fs';

// A V8 `.cpuprofile` (node --cpu-prof) summarised by self time: which functions, and which
// packages or gateway folders, the samples landed in.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Milliseconds since the profile started: only the samples taken in between are counted. */
export interface ProfileWindow {
  fromMs: number;
  toMs: number;
}

export interface SelfTimeEntry {
  name: string;
  location: string;
  samples: number;
  percent: number;
  ms: number;
}

export interface ProfileSummary {
  file: string;
  totalSamples: number;
  durationMs: number;
  // Share of the samples the process was doing something (not idle).
  busyPercent: number;
  topFunctions: SelfTimeEntry[];
  topAreas: SelfTimeEntry[];
  // Gateway functions (dist/src) by total time: their own and that of what they call
  // synchronously (the ORM building a query, say); time after an `await` is not included.
  topGatewayFunctions: SelfTimeEntry[];
}

export function summariseCpuProfile(
  file: string,
  rootDir: string,
  window: ProfileWindow | null = null,
  top = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const { hits, durationMs } = countSamples(profile, window);
  const totalSamples = [...hits.values()].reduce((sum, count) => sum + count, 0);
  const byFunction = new Map<string, { name: string; location: string; samples: number }>();
  const byArea = new Map<string, number>();
  let idle = 0;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parents.set(child, node.id);
    }
  }
  // Native functions and Node's own internals are shown with, and counted for, the nearest caller
  // in a package or in the gateway: `writeBuffer` says little, `writeBuffer via mysql2` does.
  const ownerOf = (node: ProfileNode): ProfileNode | null => {
    let parentId = parents.get(node.id);
    while (parentId !== undefined) {
      const parent = nodes.get(parentId);
      if (!parent) {
        return null;
      }
      if (!isInternal(parent.callFrame.url)) {
        return parent;
      }
      parentId = parents.get(parentId);
    }
    return null;
  };
  for (const node of profile.nodes) {
    const samples = hits.get(node.id) ?? 0;
    if (samples === 0) {
      continue;
    }
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += samples;
    }
    const isBucket = url === '' && name.startsWith('(');
    const owner = !isBucket && isInternal(url) ? ownerOf(node) : null;
    const path = shortPath(url, rootDir);
    const ownerPath = owner ? shortPath(owner.callFrame.url, rootDir) : '';
    const ownLocation = path
      ? `${path}:${lineNumber + 1}`
      : url === '' && !isBucket
        ? 'native'
        : '';
    const location = owner
      ? `${ownLocation}, via ${owner.callFrame.functionName || '(anonymous)'} ${ownerPath}:${owner.callFrame.lineNumber + 1}`
      : ownLocation;
    const key = `${name}\u0000${path}\u0000${ownerPath}`;
    const entry = byFunction.get(key) ?? { name, location, samples: 0 };
    entry.samples += samples;
    byFunction.set(key, entry);
    const area = owner ? areaOf(owner.callFrame.functionName, ownerPath) : areaOf(name, path);
    byArea.set(area, (byArea.get(area) ?? 0) + samples);
  }
  const inclusive = new Map<string, { name: string; location: string; samples: number }>();
  const gatewayFrames = new Map<number, Set<string>>();
  const framesOn = (node: ProfileNode): Set<string> => {
    const known = gatewayFrames.get(node.id);
    if (known) {
      return known;
    }
    const parentId = parents.get(node.id);
    const parent = parentId === undefined ? undefined : nodes.get(parentId);
    const frames = new Set(parent ? framesOn(parent) : []);
    const path = shortPath(node.callFrame.url, rootDir);
    if (path.startsWith('dist/src/')) {
      const key = `${node.callFrame.functionName || '(anonymous)'}\u0000${path}`;
      frames.add(key);
      if (!inclusive.has(key)) {
        inclusive.set(key, {
          name: node.callFrame.functionName || '(anonymous)',
          location: `${path}:${node.callFrame.lineNumber + 1}`,
          samples: 0,
        });
      }
    }
    gatewayFrames.set(node.id, frames);
    return frames;
  };
  for (const node of profile.nodes) {
    const samples = hits.get(node.id) ?? 0;
    if (samples > 0) {
      for (const key of framesOn(node)) {
        const entry = inclusive.get(key);
        if (entry) {
          entry.samples += samples;
        }
      }
    }
  }
  const toEntry = (name: string, location: string, samples: number): SelfTimeEntry => ({
    name,
    location,
    samples,
    percent: totalSamples > 0 ? round1((100 * samples) / totalSamples) : 0,
    ms: totalSamples > 0 ? Math.round((durationMs * samples) / totalSamples) : 0,
  });
  return {
    file,
    totalSamples,
    durationMs: Math.round(durationMs),
    busyPercent: totalSamples > 0 ? round1((100 * (totalSamples - idle)) / totalSamples) : 0,
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, top)
      .map((entry) => toEntry(entry.name, entry.location, entry.samples)),
    topAreas: [...byArea.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, samples]) => toEntry(area, '', samples)),
    topGatewayFunctions: [...inclusive.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, top)
      .map((entry) => toEntry(entry.name, entry.location, entry.samples)),
  };
}

// Self samples per node, in the window when there is one (sample times are the running sum of
// `timeDeltas`, in microseconds from `startTime`).
function countSamples(
  profile: CpuProfile,
  window: ProfileWindow | null,
): { hits: Map<number, number>; durationMs: number } {
  const hits = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length === 0 || deltas.length !== samples.length) {
    for (const node of profile.nodes) {
      hits.set(node.id, node.hitCount ?? 0);
    }
    return { hits, durationMs: (profile.endTime - profile.startTime) / 1000 };
  }
  const fromMicros = (window?.fromMs ?? 0) * 1000;
  const toMicros = (window?.toMs ?? Number.POSITIVE_INFINITY) * 1000;
  let at = 0;
  let first: number | null = null;
  let last = 0;
  samples.forEach((id, index) => {
    at += deltas[index];
    if (at < fromMicros || at > toMicros) {
      return;
    }
    first ??= at;
    last = at;
    hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  return { hits, durationMs: first === null ? 0 : (last - first) / 1000 };
}

function isInternal(url: string): boolean {
  return url === '' || url.startsWith('node:');
}

function shortPath(url: string, rootDir: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  return path.startsWith(`${rootDir}/`) ? path.slice(rootDir.length + 1) : path;
}

// A package (node_modules/<name>), a gateway folder (dist/src/<folder>), Node's internals with no
// caller of ours (timers, microtask queue), or V8's own buckets: (garbage collector), (program), (idle).
function areaOf(name: string, path: string): string {
  if (path === '') {
    return name.startsWith('(') ? name : 'native, event loop';
  }
  if (path.startsWith('node:')) {
    return 'node internals, event loop';
  }
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const gateway = /^dist\/(src\/[^/]+|migrations)/.exec(path);
  return gateway ? `gateway ${gateway[1]}` : path;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
