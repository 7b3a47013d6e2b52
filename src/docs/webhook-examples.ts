import type { ExamplesObject } from '@nestjs/swagger';

// One example request body per webhook, copied from the anonymised payloads in test/fixtures/
// (the build ships src/ only). `webhook-examples.spec.ts` keeps the copies equal to the fixtures.

export const IZER_WEBHOOK_EXAMPLES: ExamplesObject = {
  message: {
    summary: 'A customer message with history',
    value: {
      message_id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA',
      chat_time: '2025-03-03T11:10:00Z',
      chat_name: 'Derya Yılmaz',
      phone_number: '+905551234567',
      current_message: 'Merhaba, bisikletim ne zaman gelir?',
      history: [
        {
          sender: 'Derya Yılmaz',
          content: 'Dün sipariş verdim, kırmızı şehir bisikleti.',
          timestamp: '2025-03-02T17:42:00Z',
          type: 'text',
        },
        {
          sender: 'İzer',
          content: 'Teşekkürler, siparişiniz hazırlanıyor.',
          timestamp: '2025-03-02T17:45:00Z',
          type: 'text',
        },
      ],
    },
  },
};

// The envelope of every WhatsApp Cloud API webhook: one change, to the gateway's business number.
function whatsappWebhook(value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '109384756102938',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '905320001122',
                phone_number_id: '118273645509182',
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

export const WHATSAPP_WEBHOOK_EXAMPLES: ExamplesObject = {
  text: {
    summary: 'A text message',
    value: whatsappWebhook({
      contacts: [{ profile: { name: 'Derya Yılmaz' }, wa_id: '905551234567' }],
      messages: [
        {
          from: '905551234567',
          id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA',
          timestamp: '1741000200',
          type: 'text',
          text: { body: 'Merhaba, bisikletim ne zaman gelir?' },
        },
      ],
    }),
  },
  interactive: {
    summary: 'A button reply',
    value: whatsappWebhook({
      contacts: [{ profile: { name: 'Derya Yılmaz' }, wa_id: '905551234567' }],
      messages: [
        {
          context: {
            from: '905320001122',
            id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSM0IxQTlDOEQ3RTZGNUEwMzIxAA==',
          },
          from: '905551234567',
          id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggRDQ1QTZCN0M4RDlFMEYxQTJCM0M0RDVFNkY3QTg5AA==',
          timestamp: '1741000260',
          type: 'interactive',
          interactive: {
            type: 'button_reply',
            button_reply: { id: 'track_order', title: 'Track order' },
          },
        },
      ],
    }),
  },
  status: {
    summary: 'A delivery status of a message the gateway sent',
    value: whatsappWebhook({
      statuses: [
        {
          id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSM0IxQTlDOEQ3RTZGNUEwMzIxAA==',
          status: 'delivered',
          timestamp: '1741000215',
          recipient_id: '905551234567',
          pricing: { billable: false, pricing_model: 'PMP', category: 'service' },
        },
      ],
    }),
  },
};

export const USERLIKE_WEBHOOK_EXAMPLES: ExamplesObject = {
  message: {
    summary: 'A message in a running conversation',
    value: {
      info: {
        approach_mode: 'normal',
        cid: 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b',
        contact: {},
        context: { state: 'await_order_id' },
        conversation: { contact_channel: { state: 'valid', type: 'web' } },
        widget: {},
      },
      packet: { name: 'message', payload: { body: 'ORD-55120' } },
    },
  },
  start: {
    summary: 'A conversation starts',
    value: {
      info: {
        approach_mode: 'proactive',
        cid: 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b',
        contact: {},
        context: {},
        conversation: { contact_channel: { state: 'valid', type: 'web' } },
        widget: {},
      },
      packet: { name: 'start', payload: {} },
    },
  },
};

export const KINDLY_WEBHOOK_EXAMPLES: ExamplesObject = {
  message: {
    summary: 'A visitor message',
    value: {
      organization_id: '7c1e5a90-2b3d-4e6f-8a1b-9c0d1e2f3a4b',
      bot_id: '5d8f2a1c-6b7e-4c3d-9a0b-1e2f3a4b5c6d',
      chat_id: 'a3f1c9e2-57b4-4d8a-b6e0-2c9d7f1e4a58',
      user_id: 'web-visitor-90f3c2',
      chat_labels: ['orders'],
      exchange: { exchange_id: '0e6b4f2a-9c1d-4a7e-8b3f-5d2c1e0a9b87', language_code: 'en' },
      message: 'where is my order',
      attachments: [],
      context: { email: 'mira.kaya@example.org', order_id: 'ORD-55120' },
      _links: { chat: 'https://bot.kindly.ai/api/v1/chats/a3f1c9e2-57b4-4d8a-b6e0-2c9d7f1e4a58' },
      source: 'web',
      web_host: 'shop.example.org',
      web_path: '/orders',
      web_url: 'https://shop.example.org/orders',
    },
  },
};

export const KORE_WEBHOOK_EXAMPLES: ExamplesObject = {
  message: {
    summary: 'A message event',
    value: {
      userInfo: { email: 'mira.kaya@example.org' },
      eventType: 'message',
      parameters: { text: 'urgent: my card was blocked' },
    },
  },
};

export const KORE_BOTKIT_EXAMPLES: ExamplesObject = {
  on_user_message: {
    summary: 'A user message (`:eventName` = `on_user_message`)',
    value: {
      __payloadClass: 'OnMessagePayload',
      requestId: '1741000123456',
      botId: 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21',
      componentId: 'default',
      sendUserMessageUrl:
        'https://platform.kore.ai/api/botsdk/stream/st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21/sendUserMessage/1741000123456',
      sendBotMessageUrl:
        'https://platform.kore.ai/api/botsdk/stream/st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21/sendBotMessage/1741000123456',
      baseUrl: 'https://platform.kore.ai/api/botsdk/stream/st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21',
      channel: { type: 'rtm', from: 'u-6c5d4e3f-2a1b-5c0d-9e8f-7a6b5c4d3e2f' },
      message: 'cancel my order',
      context: {
        session: {
          UserContext: { _id: 'u-6c5d4e3f-2a1b-5c0d-9e8f-7a6b5c4d3e2f' },
          BotUserSession: {},
        },
      },
      agent_transfer: false,
    },
  },
};
