import Fastify from 'fastify';
import { announceReady, childOptions, closeWithParent } from 'bench/servers/child-server';

// The no-I/O reference: bare Fastify answering the gateway's `GET /health/live` with the same JSON
// body the gateway sent (the bench reads it from the gateway and passes it in).

export interface BareReferenceOptions {
  liveBody: unknown;
}

const options = childOptions<BareReferenceOptions>();
const app = Fastify({ logger: false });

app.get('/health/live', (_request, reply) => reply.send(options.liveBody));

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => announceReady(app.server.address()),
  (error: unknown) => {
    process.stderr.write(`the bare Fastify reference failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
closeWithParent(() => app.close());
