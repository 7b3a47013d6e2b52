import { IzerHarness } from 'test/factories/izer-harness';
import { buildIzerPayload } from 'test/factories/izer-payload.factory';
import { testDatabaseKinds } from 'test/setup/test-database';

describe.each(testDatabaseKinds())('POST /webhook (İzer) input on %s', (kind) => {
  const h = IzerHarness.use(kind);
  const { count } = h;

  it('should store emoji, Turkish, RTL and SQL-looking text byte for byte', async () => {
    const texts = [
      'Acil!!! 🚲🔥 Bisikletim çalışmıyor, İĞÜŞÖÇ ığüşöç',
      'مرحبا، أين طلبي؟ שלום, איפה ההזמנה שלי?',
      "Robert'); DROP TABLE webhook_messages; -- \\ % _ \u0000?",
      '𠜎𠜱𠝹 👩‍👩‍👧‍👦 e\u0301',
    ].map((text) => text.replace('\u0000', ''));

    for (const text of texts) {
      const payload = buildIzerPayload({ current_message: text, chat_name: 'Çağrı Öztürk 🚴' });
      const response = await h.sut.post('/webhook', payload);
      expect(response.status).toBe(200);
      const rows = await h.sut.dataSource.query<{ text: string; conversation_name: string }[]>(
        'SELECT text, conversation_name FROM webhook_messages WHERE external_id = ?',
        [payload.message_id],
      );
      expect(Buffer.from(rows[0].text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
      expect(rows[0].conversation_name).toBe('Çağrı Öztürk 🚴');
    }
  });

  it('should refuse invalid bodies with 400 naming each bad field and store nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['message_id', 'current_message']],
      [{ message_id: 12, current_message: 'hi' }, ['message_id']],
      [{ message_id: 'x', current_message: 'hi', chat_time: 'yesterday' }, ['chat_time']],
      [{ message_id: 'x', current_message: 'hi', phone_number: 'call me' }, ['phone_number']],
      [
        { message_id: 'x', current_message: 'hi', history: [{ sender: 1 }] },
        ['history.0.sender', 'history.0.content'],
      ],
      [{ message_id: 'x', current_message: '🚲'.repeat(16384) }, ['current_message']],
      [{ message_id: 'x', current_message: 'broken \ud800 surrogate' }, ['current_message']],
      [{ message_id: 'x', current_message: 'hi', chat_time: '2009-W01-1' }, ['chat_time']],
      [
        {
          message_id: 'x',
          current_message: 'hi',
          history: [{ sender: 'a', content: 'b', timestamp: '20240101T120000Z' }],
        },
        ['history.0.timestamp'],
      ],
      [{ message_id: 'x'.repeat(192), current_message: 'hi' }, ['message_id']],
    ];

    for (const [body, fields] of cases) {
      const response = await h.sut.post('/webhook', body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { fields: { field: string }[] };
      expect(answer.fields.map((f) => f.field).sort()).toEqual([...fields].sort());
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should answer 400 to broken JSON, a JSON array or a non-object, and store nothing', async () => {
    for (const raw of ['{"message_id": "x", ', '[1,2,3]', '"text"', 'null']) {
      const response = await h.sut.post('/webhook', raw);
      expect(response.status).toBe(400);
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should answer 400 to JSON nested deeper than 64 levels and store nothing', async () => {
    const deep = `{"message_id":"deep","current_message":"hi","extra":${'['.repeat(3000)}${']'.repeat(3000)}}`;

    const response = await h.sut.post('/webhook', deep);

    expect(response.status).toBe(400);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should answer 415 to bodies that are not JSON and store nothing', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await fetch(`${h.sut.url}/webhook`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: 'message_id=form&current_message=hi',
      });
      expect(response.status).toBe(415);
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });

  it('should store messages whose derived conversation id would not fit its column', async () => {
    const payloads = [
      buildIzerPayload({ phone_number: undefined, chat_name: 'N'.repeat(255) }),
      buildIzerPayload({
        phone_number: undefined,
        chat_name: undefined,
        message_id: 'm'.repeat(191),
      }),
    ];

    for (const payload of payloads) {
      const response = await h.sut.post('/webhook', payload);
      expect(response.status).toBe(200);
    }
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(2);
  });

  it('should answer 413 to a body over 1 MiB and store nothing', async () => {
    const payload = buildIzerPayload({
      history: Array.from({ length: 200 }, () => ({ sender: 'x', content: 'y'.repeat(6000) })),
    });

    const response = await h.sut.post('/webhook', payload);

    expect(response.status).toBe(413);
    expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
  });
});
