import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { SCORER_JSON_SCHEMA } from 'src/analysis/scorer-output';
import { TRIAGE_SYSTEM_PROMPT } from 'src/analysis/triage-prompt';
import type { ScorerInput } from 'src/analysis/urgency-scorer';

const MAX_HISTORY_LINES = 10;

/**
 * The body of the scorer's chat completion request, as UTF-8 bytes. All of it but the user's
 * message is the same on every call (the model, the response schema and a system prompt of
 * several kilobytes), so that part is encoded once; a call encodes only the message and its
 * history. Bytes, not a string: the request is held for the whole call, and a string with one
 * Turkish letter in it takes two bytes a character on the JavaScript heap, where every
 * young-generation collection under load would copy it.
 */
export class ScorerRequest {
  private readonly head: Buffer;
  private readonly tail: Buffer;

  constructor(model: string) {
    const fixed: Omit<ChatCompletionCreateParamsNonStreaming, 'messages'> = {
      model,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'message_triage', strict: true, schema: SCORER_JSON_SCHEMA },
      },
    };
    const system = JSON.stringify({ role: 'system', content: TRIAGE_SYSTEM_PROMPT });
    const fields = JSON.stringify(fixed).slice(0, -1);
    this.head = Buffer.from(`${fields},"messages":[${system},{"role":"user","content":`);
    this.tail = Buffer.from('}]}');
  }

  /** The request for one message: the message and its last lines, as data for the model. */
  bodyFor(input: ScorerInput): Buffer {
    const content = JSON.stringify({
      message: input.message,
      history: input.history.slice(-MAX_HISTORY_LINES),
    });
    return Buffer.concat([this.head, Buffer.from(JSON.stringify(content)), this.tail]);
  }
}
