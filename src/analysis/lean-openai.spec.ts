import { LeanOpenAI } from 'src/analysis/lean-openai';
import { httpFetch } from 'src/common/http/http-fetch';
import { useStubServer } from 'test/setup/stub-http-server';

const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'tamam', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
};

// Against a stand-in on loopback: what reaches the wire, and what the transport was handed.
describe('LeanOpenAI', () => {
  const stub = useStubServer();

  it('should send the request body as UTF-8 bytes, Turkish letters and emoji intact', async () => {
    stub.respondWith(() => ({ status: 200, body: COMPLETION }));
    const bodies: unknown[] = [];
    const transport = httpFetch(1024 * 1024);
    const sut = new LeanOpenAI({
      apiKey: 'sk-test',
      baseURL: `${stub.url}/v1`,
      maxRetries: 0,
      fetch: ((input: string, init?: RequestInit) => {
        bodies.push(init?.body);
        return transport(input, init);
      }) as typeof fetch,
    });
    const text = 'Siparişim gelmedi, İzer 🚲';

    const completion = await sut.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });

    expect(completion.choices[0].message.content).toBe('tamam');
    expect(bodies).toHaveLength(1);
    expect(Buffer.isBuffer(bodies[0])).toBe(true);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].json).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: text }],
    });
    expect(Number(stub.requests[0].headers['content-length'])).toBe(
      Buffer.byteLength(stub.requests[0].body),
    );
    expect(stub.requests[0].headers['content-type']).toBe('application/json');
  });
});
