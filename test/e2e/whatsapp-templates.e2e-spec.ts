import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import {
  ACCESS_TOKEN,
  DEFAULT_PHONE_NUMBER_ID,
  type OutboundRow,
  WhatsappHarness,
} from 'test/factories/whatsapp-harness';
import { buildWhatsappPayload, WHATSAPP_CUSTOMER } from 'test/factories/whatsapp-payload.factory';
import { ADMIN, ADMIN_TOKEN, type ErrorAnswer, fieldsOf } from 'test/setup/admin-api';
import { testDatabaseKinds } from 'test/setup/test-database';

jest.setTimeout(90_000);

const DAY_MS = 24 * 60 * 60 * 1000;
// A number that last wrote 25 hours ago, and one that never wrote.
const LAPSED = '905550000025';
const STRANGER = '905559999999';
const COMPONENTS = [
  { type: 'header', parameters: [{ type: 'text', text: 'Derya' }] },
  {
    type: 'body',
    parameters: [
      { type: 'text', text: 'A-1042' },
      { type: 'text', text: 'Çarşamba 🚲' },
    ],
  },
];

interface TemplateRow extends OutboundRow {
  text: string;
  template: unknown;
  conversation_id: string | null;
}

// `POST /messages/proactive` on WhatsApp: templates go at any time, free text only within 24
// hours of the number's last message, judged before anything is stored.
describe.each(testDatabaseKinds())('WhatsApp templates and the 24-hour window on %s', (kind) => {
  const h = WhatsappHarness.use(kind, {
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    // Userlike takes proactive text, so a template to it is refused for being a template.
    USERLIKE_API_URL: 'http://127.0.0.1:9/userlike',
    USERLIKE_API_TOKEN: 'ul-token',
  });
  const { graphPosts, outboundRows, waitForOutbound } = h;

  const proactive = (body: Record<string, unknown>): Promise<Response> =>
    h.sut.post('/messages/proactive', body, ADMIN);

  // The customer writes now: their window is open.
  const customerWrites = async (): Promise<void> => {
    const response = await h.deliver(buildWhatsappPayload([{ body: 'Merhaba' }]));
    expect(response.status).toBe(200);
    await h.settle();
  };

  const lapsedWrote25HoursAgo = () =>
    insertWebhookMessage(h.sut.dataSource, {
      platform: Platform.WhatsApp,
      conversationId: LAPSED,
      senderId: LAPSED,
      // Processed long ago: nothing for the pipeline to pick up.
      status: MessageStatus.Done,
      receivedAt: new Date(Date.now() - DAY_MS - 60 * 60 * 1000),
    });

  const sentRow = async (id: number): Promise<TemplateRow> => {
    const rows = await waitForOutbound(
      (all) => all.some((row) => row.id === id && row.status !== 'queued'),
      `outbound ${id} to end`,
    );
    return rows.find((row) => row.id === id) as TemplateRow;
  };

  const templateOf = (row: TemplateRow): unknown =>
    typeof row.template === 'string' ? JSON.parse(row.template) : row.template;

  describe('templates', () => {
    it('should send a template with its components to a number inside the window', async () => {
      await customerWrites();

      const response = await proactive({
        platform: 'whatsapp',
        recipient: `+${WHATSAPP_CUSTOMER}`,
        template: { name: 'order_shipped', language: 'tr', components: COMPONENTS },
      });

      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: number };
      const row = await sentRow(id);
      expect(row).toMatchObject({
        status: OutboundStatus.Sent,
        kind: OutboundKind.Proactive,
        recipient: WHATSAPP_CUSTOMER,
        text: '[template order_shipped/tr]',
        external_id: 'wamid.OUT1',
      });
      expect(templateOf(row)).toEqual({
        name: 'order_shipped',
        language: 'tr',
        components: COMPONENTS,
      });
      expect(h.graph.requests.map((r) => r.path)).toEqual([
        `/v21.0/${DEFAULT_PHONE_NUMBER_ID}/messages`,
      ]);
      expect(h.graph.requests[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(h.graph.requests[0].json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WHATSAPP_CUSTOMER,
        type: 'template',
        template: {
          name: 'order_shipped',
          language: { code: 'tr' },
          components: COMPONENTS,
        },
      });
    });

    it.each([
      ['a number whose window closed', LAPSED],
      ['a number that never wrote', STRANGER],
    ])('should send a template without components to %s', async (_case, recipient) => {
      await lapsedWrote25HoursAgo();

      const response = await proactive({
        platform: 'whatsapp',
        recipient,
        template: { name: 'hello_world', language: 'en-US' },
      });

      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: number };
      const row = await sentRow(id);
      expect(row).toMatchObject({
        status: OutboundStatus.Sent,
        text: '[template hello_world/en-US]',
      });
      expect(templateOf(row)).toEqual({ name: 'hello_world', language: 'en-US' });
      expect(graphPosts()).toEqual([
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: recipient,
          type: 'template',
          template: { name: 'hello_world', language: { code: 'en_US' } },
        },
      ]);
    });

    it('should answer 422 to a template for a platform that takes none, storing nothing', async () => {
      const response = await proactive({
        platform: 'userlike',
        recipient: 'chatbot::1:abc',
        template: { name: 'order_shipped', language: 'de' },
      });

      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        statusCode: 422,
        error: 'PlatformUnsupported',
        message: 'userlike takes no templates: send text',
      });
      expect(await outboundRows()).toEqual([]);
    });
  });

  describe('free text', () => {
    it('should send free text to a number that wrote within 24 hours', async () => {
      await customerWrites();

      const response = await proactive({
        platform: 'whatsapp',
        recipient: WHATSAPP_CUSTOMER,
        text: 'Siparişiniz yola çıktı 🚲',
      });

      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: number };
      const row = await sentRow(id);
      expect(row).toMatchObject({ status: OutboundStatus.Sent, text: 'Siparişiniz yola çıktı 🚲' });
      expect(row.template).toBeNull();
      expect(graphPosts()).toEqual([
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: WHATSAPP_CUSTOMER,
          type: 'text',
          text: { preview_url: false, body: 'Siparişiniz yola çıktı 🚲' },
        },
      ]);
    });

    it.each([
      ['whose window closed', LAPSED],
      ['that never wrote', STRANGER],
    ])(
      'should answer 422 to free text for a number %s, storing and sending nothing',
      async (_case, recipient) => {
        await lapsedWrote25HoursAgo();

        const response = await proactive({ platform: 'whatsapp', recipient, text: 'Kampanya!' });

        expect(response.status).toBe(422);
        expect(await response.json()).toEqual({
          statusCode: 422,
          error: 'TemplateRequired',
          message:
            'free text refused: the recipient has not written in the last 24 hours, so whatsapp ' +
            'needs a template',
        });
        expect(await outboundRows()).toEqual([]);
        expect(h.graph.requests).toHaveLength(0);
      },
    );
  });

  describe('validation', () => {
    const template = { name: 'order_shipped', language: 'tr' };

    it.each<[string, Record<string, unknown>, string[]]>([
      ['neither text nor template', {}, ['text']],
      ['text and template', { text: 'hi', template }, ['template']],
      [
        'a template name with capitals',
        { template: { ...template, name: 'Order_Shipped' } },
        ['template.name'],
      ],
      [
        'a template name with a hyphen',
        { template: { ...template, name: 'order-shipped' } },
        ['template.name'],
      ],
      [
        'a template name of 513 characters',
        { template: { ...template, name: 'a'.repeat(513) } },
        ['template.name'],
      ],
      ['a template without a name', { template: { language: 'tr' } }, ['template.name']],
      [
        'a language that is a word',
        { template: { ...template, language: 'turkish' } },
        ['template.language'],
      ],
      [
        'a language with a lowercase region',
        { template: { ...template, language: 'en_us' } },
        ['template.language'],
      ],
      [
        'a language of the wrong type',
        { template: { ...template, language: 7 } },
        ['template.language'],
      ],
      [
        'components that are an object',
        { template: { ...template, components: { type: 'body' } } },
        ['template.components'],
      ],
      [
        'a component that is a string',
        { template: { ...template, components: ['body'] } },
        ['template.components'],
      ],
      [
        'a component with a lone surrogate',
        { template: { ...template, components: [{ type: 'body', text: 'hi \ud83d' }] } },
        ['template.components'],
      ],
      ['a template that is a string', { template: 'order_shipped' }, ['template']],
      ['a template that is an array', { template: [template] }, ['template']],
    ])(
      'should answer 400 naming the field for %s, storing and sending nothing',
      async (_case, change, fields) => {
        await customerWrites();

        const response = await proactive({
          platform: 'whatsapp',
          recipient: WHATSAPP_CUSTOMER,
          ...change,
        });

        expect(response.status).toBe(400);
        const answer = (await response.json()) as ErrorAnswer;
        expect(answer).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(fieldsOf(answer)).toEqual(fields);
        expect(answer.message).toBe(`Invalid fields: ${fields.join(', ')}`);
        expect(await outboundRows()).toEqual([]);
        expect(h.graph.requests).toHaveLength(0);
      },
    );
  });
});
