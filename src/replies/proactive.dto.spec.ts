import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ProactiveMessageDto } from 'src/replies/proactive.dto';

// As the global ValidationPipe does it: transform first, then validate.
function parse(body: Record<string, unknown>): { dto: ProactiveMessageDto; fields: string[] } {
  const dto = plainToInstance(ProactiveMessageDto, body);
  const fields = validateSync(dto, { whitelist: true, forbidUnknownValues: true }).map(
    (error) => error.property,
  );
  return { dto, fields };
}

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
});
