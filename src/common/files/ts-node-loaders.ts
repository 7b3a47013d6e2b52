import { extname } from 'node:path';

/** The Node flags that run this project's TypeScript as it is (tests, `npm run start:dev`). */
export const TS_NODE_LOADERS: readonly string[] = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  'tsconfig-paths/register',
];

/**
 * `execArgv` for a worker whose file sits beside `filename` (pass `__filename`): under ts-node the
 * worker is TypeScript and needs the same loaders; compiled, it needs none.
 */
export function workerExecArgv(filename: string): string[] {
  return extname(filename) === '.ts' ? [...TS_NODE_LOADERS] : [];
}
