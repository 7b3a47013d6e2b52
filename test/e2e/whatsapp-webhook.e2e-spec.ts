import {
  ACCESS_TOKEN,
  type MessageRow,
  PATH,
  SECRET,
  VERIFY_TOKEN,
  WhatsappHarness,
} from 'test/factories/whatsapp-harness';
import {
  buildWhatsappPayload,
  loadWhatsappFixture,
  newWamid,
  readWhatsappFixture,
  signWhatsapp,
  WHATSAPP_CUSTOMER,
  WHATSAPP_PHONE_NUMBER_ID,
} from 'test/factories/whatsapp-payload.factory';
import { testDatabaseKinds } from 'test/setup/test-database';

// Generous bounds for a busy CI machine; every wait below ends as soon as its condition holds.
jest.setTimeout(90_000);

describe.each(testDatabaseKinds())('WhatsApp Cloud API webhook on %s', (kind) => {
  const h = WhatsappHarness.use(kind);
  const { query, count, outboundRows, graphPosts, deliver, answerAgents, settle, waitForOutbound } =
    h;

  describe('GET verification handshake', () => {
    it('should echo the challenge as plain text for subscribe and the right token', async () => {
      const response = await h.sut.get(
        `${PATH}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong token', 'hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess'],
      ['another mode', `hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${VERIFY_TOKEN}`],
      ['no token', 'hub.mode=subscribe&hub.challenge=1'],
      ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`],
      ['nested keys', `hub[mode]=subscribe&hub[challenge]=1&hub[verify_token]=${VERIFY_TOKEN}`],
      ['nothing', ''],
    ])('should refuse %s with 403', async (_case, search) => {
      const response = await h.sut.get(`${PATH}?${search}`);

      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain(VERIFY_TOKEN);
    });
  });

  describe('POST signature', () => {
    it('should refuse a wrong, missing or malformed signature and a re-serialised body with 401 and store nothing', async () => {
      const raw = readWhatsappFixture('whatsapp-text');
      const signature = signWhatsapp(raw, SECRET);
      const cases: [string, Record<string, string>][] = [
        [raw, { 'x-hub-signature-256': signWhatsapp(raw, 'wrong-secret') }],
        [raw, { 'x-hub-signature-256': '' }],
        [raw, { 'x-hub-signature-256': signature.replace('sha256=', 'sha1=') }],
        [raw, { 'x-hub-signature-256': `${signature.slice(0, -2)}00` }],
        // Same JSON, other bytes: what a body parsed and stringified again looks like.
        [JSON.stringify(JSON.parse(raw)), { 'x-hub-signature-256': signature }],
      ];

      const missing = await h.sut.post(PATH, raw);
      expect(missing.status).toBe(401);
      for (const [body, headers] of cases) {
        const response = await h.sut.post(PATH, body, headers);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain(signature.slice(7));
      }
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
      expect(h.agent.requests).toHaveLength(0);
    });

    it('should check the signature on the raw bytes of a body with escaped unicode, emoji and Turkish', async () => {
      const wamid = newWamid();
      const raw = JSON.stringify(buildWhatsappPayload([{ id: wamid, body: 'PLACEHOLDER' }]))
        // Meta is said to escape non-ASCII; mix both forms in one body.
        .replace('PLACEHOLDER', '\\ud83d\\ude00 Acil! 😀 Çağrı \\u0130\\u011f İĞÜŞÖ ığüşöç');

      const reserialised = await h.sut.post(PATH, JSON.stringify(JSON.parse(raw)), {
        'x-hub-signature-256': signWhatsapp(raw, SECRET),
      });
      const signed = await deliver(raw);

      expect(reserialised.status).toBe(401);
      expect(signed.status).toBe(200);
      const rows = await query<MessageRow>('SELECT * FROM webhook_messages');
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0].text, 'utf8')).toEqual(
        Buffer.from('😀 Acil! 😀 Çağrı İğ İĞÜŞÖ ığüşöç', 'utf8'),
      );
    });
  });

  describe('POST messages', () => {
    it('should store a text message, route it and send the agent reply through the Graph API once', async () => {
      answerAgents({ reply: 'Siparişiniz yarın kargoda 🚲' });
      const payload = loadWhatsappFixture('whatsapp-text');
      const wamid =
        'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA';

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'received', messages: 1, statuses: 0 });
      const rows = await query<MessageRow>('SELECT * FROM webhook_messages');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        platform: 'whatsapp',
        external_id: wamid,
        conversation_id: WHATSAPP_CUSTOMER,
        conversation_name: 'Derya Yılmaz',
        sender_id: WHATSAPP_CUSTOMER,
        sender_name: 'Derya Yılmaz',
        sender_phone: '+905551234567',
        event_type: 'message',
        text: 'Merhaba, bisikletim ne zaman gelir?',
      });
      const [sent] = await waitForOutbound(
        (all) => all.length === 1 && all[0].status === 'sent',
        'the reply to be sent',
      );
      expect(sent).toMatchObject({ external_id: 'wamid.OUT1', recipient: WHATSAPP_CUSTOMER });
      expect(Number(sent.attempts)).toBe(1);
      expect(h.agent.requests).toHaveLength(1);
      expect(h.agent.requests[0].json).toMatchObject({
        message_id: wamid,
        platform: 'whatsapp',
        conversation_id: WHATSAPP_CUSTOMER,
        text: 'Merhaba, bisikletim ne zaman gelir?',
      });
      expect(h.graph.requests).toHaveLength(1);
      const [request] = h.graph.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/v21.0/${WHATSAPP_PHONE_NUMBER_ID}/messages`);
      expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP_CUSTOMER,
        type: 'text',
        text: { preview_url: false, body: 'Siparişiniz yarın kargoda 🚲' },
        context: { message_id: wamid },
      });
    });

    it('should store every message of a batch and answer before any agent has finished', async () => {
      answerAgents({ status: 'accepted' }, 1500);

      const response = await deliver(loadWhatsappFixture('whatsapp-batch'));
      const answeredAt = Date.now();

      expect(response.status).toBe(200);
      expect(h.agentAnswersAt.filter((at) => at <= answeredAt)).toHaveLength(0);
      expect(await response.json()).toEqual({ status: 'received', messages: 3, statuses: 1 });
      const rows = await query<MessageRow>(
        'SELECT external_id, conversation_id, event_type, text FROM webhook_messages ORDER BY id',
      );
      expect(rows.map((row) => [row.conversation_id, row.event_type, row.text]).sort()).toEqual(
        [
          ['4791234567', 'reaction', '👍'],
          ['905337654321', 'click', 'Medium frame'],
          ['905551234567', 'message', 'Siparişim hâlâ gelmedi.'],
        ].sort(),
      );
      await settle();
      expect(h.agent.requests).toHaveLength(3);
      expect(
        await count("SELECT COUNT(*) AS count FROM webhook_messages WHERE status = 'done'"),
      ).toBe(3);
    });

    it('should store a type it does not know and answer 200', async () => {
      const payload = buildWhatsappPayload([
        { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
        { type: 'brand_new_type', brand_new_type: { anything: true } },
      ]);

      const response = await deliver(payload);

      expect(response.status).toBe(200);
      const rows = await query<MessageRow>('SELECT event_type, text FROM webhook_messages');
      expect(rows.map((row) => [row.event_type, row.text]).sort()).toEqual([
        ['brand_new_type', ''],
        ['unsupported', ''],
      ]);
    });

    it('should refuse a malformed body with 400 naming the fields and store nothing', async () => {
      const cases: [unknown, string][] = [
        [{ object: 'page', entry: [] }, 'object'],
        [{ object: 'whatsapp_business_account', entry: {} }, 'entry'],
        [buildWhatsappPayload([{ id: 42, body: 'hi' }]), 'entry.0.changes.0.value.messages.0.id'],
        [
          buildWhatsappPayload([{ text: { body: 7 } }]),
          'entry.0.changes.0.value.messages.0.text.body',
        ],
        [
          buildWhatsappPayload([{ body: 'broken \ud800 surrogate' }]),
          'entry.0.changes.0.value.messages.0.text.body',
        ],
      ];

      for (const [body, field] of cases) {
        const response = await deliver(body);
        expect(response.status).toBe(400);
        const answer = (await response.json()) as { fields: { field: string }[] };
        expect(answer.fields.map((f) => f.field)).toContain(field);
      }
      expect(await count('SELECT COUNT(*) AS count FROM webhook_messages')).toBe(0);
    });

    it('should process a repeated delivery once: one row, one agent call, one Graph send', async () => {
      answerAgents({ reply: 'Tamam, bakıyorum.' }, 100);
      const raw = JSON.stringify(buildWhatsappPayload([{ body: 'Kargom nerede?' }]));

      const first = await Promise.all([deliver(raw), deliver(raw)]);
      const later = await deliver(raw);

      expect([...first, later].map((response) => response.status)).toEqual([200, 200, 200]);
      await waitForOutbound((rows) => rows.some((row) => row.status === 'sent'), 'the reply');
      await settle();
      const rows = await query<MessageRow>('SELECT status, duplicate_count FROM webhook_messages');
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].duplicate_count)).toBe(2);
      expect(h.agent.requests).toHaveLength(1);
      expect(await outboundRows()).toHaveLength(1);
      expect(graphPosts()).toHaveLength(1);
    });
  });
});
