import OpenAI from 'openai';

type PrepareContext = Parameters<OpenAI['prepareRequest']>[1];

/**
 * The OpenAI client, its request body turned into UTF-8 bytes as soon as it is built. The SDK
 * holds the request for the whole call (hundreds of milliseconds to seconds): as a JSON string
 * with one Turkish letter in it, the prompt and the message take two bytes a character on the
 * JavaScript heap, where every young-generation collection under load copies them; as a Buffer
 * they lie outside it. `prepareRequest` is the SDK's hook for changing a request before it is
 * sent.
 */
export class LeanOpenAI extends OpenAI {
  protected override async prepareRequest(
    request: RequestInit,
    context: PrepareContext,
  ): Promise<void> {
    await super.prepareRequest(request, context);
    if (typeof request.body === 'string') {
      request.body = Buffer.from(request.body);
    }
  }
}
