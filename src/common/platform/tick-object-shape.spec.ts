import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TS_NODE_LOADERS } from 'src/common/files/ts-node-loaders';
import { keepTickObjectShape, keptTickObjects } from 'src/common/platform/tick-object-shape';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

// In a child process: the kept entry's shape is still the shape of new entries after full
// collections that ran while nothing was queued (V8's own test of shape identity needs
// `--allow-natives-syntax`, hence the child and `new Function`).
const CHILD = `
const { createHook } = require('node:async_hooks');
const { keepTickObjectShape, keptTickObjects } = require('src/common/platform/tick-object-shape');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
keepTickObjectShape();
setTimeout(() => {
  gc();
  gc();
  let fresh = null;
  const hook = createHook({ init(_id, type, _trigger, resource) { if (type === 'TickObject') fresh = resource; } });
  hook.enable();
  process.nextTick(() => {});
  hook.disable();
  process.stdout.write(JSON.stringify({ kept: keptTickObjects().length, sameShape: haveSameMap(keptTickObjects()[0], fresh) }));
}, 10);
`;

describe('keepTickObjectShape', () => {
  it('keeps one process.nextTick queue entry, however often it is called', () => {
    keepTickObjectShape();
    keepTickObjectShape();

    const kept = keptTickObjects();
    expect(kept).toHaveLength(1);
    const entry = kept[0] as Record<string | symbol, unknown>;
    expect(typeof entry.callback).toBe('function');
    // First Node's own two keys; an AsyncLocalStorage in use (Jest's, a library's) adds its own.
    const symbols = Object.getOwnPropertySymbols(entry).map((key) => key.description);
    expect(symbols.slice(0, 2)).toEqual(['async_id_symbol', 'trigger_async_id_symbol']);
  });

  it('keeps the entries’ shape through full collections while nothing is queued', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--allow-natives-syntax', ...TS_NODE_LOADERS, '-e', CHILD],
      { cwd: ROOT },
    );

    expect(JSON.parse(stdout)).toEqual({ kept: 1, sameShape: true });
  }, 30_000); // ts-node compiles the module in the child: seconds on a loaded machine
});
