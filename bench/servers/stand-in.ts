import { createServer, type ServerResponse } from 'node:http';
import { announceReady, childOptions, closeWithParent } from 'bench/servers/child-server';

// The OpenAI and agent stand-ins: every POST is answered after `delayMs` with a fixed JSON body;
// `GET /stats` counts the calls. `POST /control/hold` keeps the answers back until
// `POST /control/release`, which pauses the gateway's processing while messages are stored.

export type StandInKind = 'openai' | 'agent';

export interface StandInOptions {
  kind: StandInKind;
  delayMs: number;
}

// A chat completion whose content matches the scorer's JSON schema (src/analysis/scorer-output.ts).
const OPENAI_COMPLETION = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: JSON.stringify({
          urgency_score: 5,
          category: 'support',
          sentiment: 'neutral',
          keywords: ['bisiklet', 'sipariş'],
          action_required: true,
          language: 'tr',
          reasoning: 'A customer asks about the delivery of an order.',
        }),
        refusal: null,
      },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 100, completion_tokens: 40, total_tokens: 140 },
};

// No `reply`: nothing goes out to a platform API.
const AGENT_ANSWER = { status: 'accepted', agent: 'bench-stand-in' };

const options = childOptions<StandInOptions>();
const answer = JSON.stringify(options.kind === 'openai' ? OPENAI_COMPLETION : AGENT_ANSWER);
let calls = 0;
let answered = 0;
// Calls whose client went away before the answer was written.
let abandoned = 0;
let isHeld = false;
let held: ServerResponse[] = [];

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    send(response, JSON.stringify({ calls, answered, abandoned, held: held.length }));
    return;
  }
  if (request.method === 'POST' && request.url?.startsWith('/control/')) {
    request.resume();
    control(request.url.slice('/control/'.length));
    send(response, JSON.stringify({ isHeld }));
    return;
  }
  request.resume();
  response.once('finish', () => (answered += 1));
  response.once('close', () => {
    if (!response.writableFinished) {
      abandoned += 1;
    }
  });
  request.on('end', () => {
    calls += 1;
    if (isHeld) {
      held.push(response);
    } else {
      answerLater(response);
    }
  });
});
// Longer than the clients' idle sockets, so a kept-alive connection is never cut under them.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => announceReady(server.address()));
closeWithParent(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

function control(command: string): void {
  if (command === 'hold') {
    isHeld = true;
  } else if (command === 'release') {
    isHeld = false;
    // Each held call takes its full delay from now, as if it had only just been made.
    held.forEach(answerLater);
    held = [];
  }
}

function answerLater(response: ServerResponse): void {
  setTimeout(() => send(response, answer), options.delayMs);
}

function send(response: ServerResponse, body: string): void {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
