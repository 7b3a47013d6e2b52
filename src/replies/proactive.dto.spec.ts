import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from 'src/common/validation/validation-exception.factory';
import { ProactiveMessageDto, toProactiveRequest } from 'src/replies/proactive.dto';

// As the global ValidationPipe does it: transform first, then validate; nested fields as
// `template.name`, as the 400 names them.
function parse(body: Record<string, unknown>): { dto: ProactiveMessageDto; fields: string[] } {
  const dto = plainToInstance(ProactiveMessageDto, body);
  const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true });
  return { dto, fields: flattenValidationErrors(errors).map((error) => error.field) };
}

const WHATSAPP = { platform: 'whatsapp', recipient: '905551234567' };

describe(ProactiveMessageDto.name, () => {
  it('should drop the leading + of a WhatsApp number, as Meta writes wa_id', () => {
    const { dto, fields } = parse({ platform: 'whatsapp', recipient: '+905551234567', text: 'hi' });

    expect(fields).toEqual([]);
    expect(dto.recipient).toBe('905551234567');
  });

  it.each(['12345', '+1234567890123456789012', '90 555 123 45 67', '++905551234567', '90555x'])(
    'should refuse %p as a WhatsApp recipient',
    (recipient) => {
      expect(parse({ platform: 'whatsapp', recipient, text: 'hi' }).fields).toEqual(['recipient']);
    },
  );

  it('should keep recipients of other platforms as given', () => {
    const { dto, fields } = parse({
      platform: 'kore',
      recipient: '+derya@example.com',
      text: 'hi',
      conversation_id: 'c-1',
    });

    expect(fields).toEqual([]);
    expect(dto.recipient).toBe('+derya@example.com');
    expect(dto.conversation_id).toBe('c-1');
  });

  it('should accept a text of 4096 characters, emoji counted as one', () => {
    expect(parse({ platform: 'izer', recipient: 'u-1', text: '🚲'.repeat(4096) }).fields).toEqual(
      [],
    );
  });

  describe('template', () => {
    it.each(['en', 'tr', 'en_US', 'pt_BR', 'pt-BR', 'fil', 'zh_HK'])(
      'should accept the language %p',
      (language) => {
        expect(
          parse({ ...WHATSAPP, template: { name: 'order_shipped', language } }).fields,
        ).toEqual([]);
      },
    );

    it.each(['EN', 'en_us', 'en-', 'english', 'en_USA', 'e', 'en US', '', 'tr_TR_x'])(
      'should refuse the language %p',
      (language) => {
        expect(
          parse({ ...WHATSAPP, template: { name: 'order_shipped', language } }).fields,
        ).toEqual(['template.language']);
      },
    );

    it.each(['Order_Shipped', 'order-shipped', 'order shipped', '', 'ş', 'a'.repeat(513)])(
      'should refuse the name %p',
      (name) => {
        expect(parse({ ...WHATSAPP, template: { name, language: 'tr' } }).fields).toEqual([
          'template.name',
        ]);
      },
    );

    it.each<[string, unknown, string[]]>([
      ['a string', 'order_shipped', ['template']],
      ['an array', [{ name: 'order_shipped', language: 'tr' }], ['template']],
      [
        'components not an array',
        { name: 'a', language: 'tr', components: {} },
        ['template.components'],
      ],
      [
        'a component not an object',
        { name: 'a', language: 'tr', components: ['body'] },
        ['template.components'],
      ],
      ['no name or language', {}, ['template.language', 'template.name']],
      [
        'a component with a lone surrogate',
        { name: 'a', language: 'tr', components: [{ type: 'body', text: 'hi \ud83d' }] },
        ['template.components'],
      ],
    ])('should refuse a template that is %s', (_case, template, fields) => {
      expect(parse({ ...WHATSAPP, template }).fields.sort()).toEqual(fields);
    });

    it('should refuse text and template together on template, and neither on text', () => {
      const template = { name: 'order_shipped', language: 'tr' };

      expect(parse({ ...WHATSAPP, text: 'hi', template }).fields).toEqual(['template']);
      expect(parse({ ...WHATSAPP }).fields).toEqual(['text']);
      expect(parse({ ...WHATSAPP, text: null, template: null }).fields).toEqual(['text']);
    });

    it('should make a template request without text, components passed on as given', () => {
      const components = [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }];
      const { dto, fields } = parse({
        ...WHATSAPP,
        template: { name: 'order_shipped', language: 'pt-BR', components, extra: 'dropped' },
      });

      expect(fields).toEqual([]);
      expect(toProactiveRequest(dto)).toEqual({
        platform: 'whatsapp',
        recipient: '905551234567',
        conversationId: null,
        template: { name: 'order_shipped', language: 'pt-BR', components },
      });
    });

    it('should make a text request without a template', () => {
      const { dto } = parse({ ...WHATSAPP, text: 'Merhaba', conversation_id: 'c-1' });

      expect(toProactiveRequest(dto)).toEqual({
        platform: 'whatsapp',
        recipient: '905551234567',
        conversationId: 'c-1',
        text: 'Merhaba',
      });
    });
  });
});
