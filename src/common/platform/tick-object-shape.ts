import { createHook } from 'node:async_hooks';

/**
 * Keeps one entry of Node's `process.nextTick` queue alive for the life of the process, so that
 * `nextTick` stays on V8's fast path.
 *
 * Node builds each entry as an object literal with two symbol keys first
 * (`{ [async_id_symbol]: …, [trigger_async_id_symbol]: …, callback, args }`). V8 remembers the
 * shapes that literal goes through in `nextTick`'s feedback, and holds them weakly. When a full
 * garbage collection runs while no entry is queued (a heap ceiling makes that likely during
 * start-up, and an idle process gets such collections too), those shapes are freed. The next
 * entry gets new ones, V8 takes the literal's second key for megamorphic, and from then on every
 * `nextTick` defines its keys through the runtime: 250–420 ns against 45–80 ns, measured in the
 * gateway's own process. Streams and sockets call `nextTick` several times per request.
 *
 * An entry kept alive keeps its shape and the shapes before it alive, so the feedback stays as
 * it was. Call this before anything else is loaded (`main.ts` imports `tick-object-shape.keep`
 * first): a collection during the loading of the modules is enough to lose the shapes.
 */
export function keepTickObjectShape(): void {
  if (kept.length > 0) {
    return;
  }
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject') {
        kept.push(resource);
      }
    },
  });
  hook.enable();
  process.nextTick(noop);
  hook.disable();
}

/** The queue entries kept alive (one once `keepTickObjectShape` has run). */
export function keptTickObjects(): readonly object[] {
  return kept;
}

const kept: object[] = [];

function noop(): void {}
