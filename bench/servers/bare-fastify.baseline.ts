import Fastify from 'fastify';
import { announceReady, closeWithParent } from 'bench/servers/child-server';

// Baseline A: Fastify with nothing else. The same JSON deliveries are parsed and answered, and a
// liveness route gives the floor for a route with no I/O.

interface Delivery {
  entry?: { changes?: { value?: { messages?: unknown[] } }[] }[];
}

const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });

app.get('/health/live', (_request, reply) => reply.send({ status: 'ok' }));

app.post('/webhooks/whatsapp', (request, reply) => {
  const delivery = request.body as Delivery;
  const messages = (delivery.entry ?? []).reduce(
    (count, entry) =>
      count +
      (entry.changes ?? []).reduce((sum, change) => sum + (change.value?.messages?.length ?? 0), 0),
    0,
  );
  return reply.send({ status: 'received', messages, statuses: 0 });
});

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => announceReady(app.server.address()),
  (error: unknown) => {
    process.stderr.write(`baseline A failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
closeWithParent(() => app.close());
