import { WhatsappWebhookDto } from 'src/platforms/whatsapp/whatsapp.dto';
import { dtoOf, invalidFieldsOf } from 'test/factories/whatsapp-adapter.factory';
import {
  buildWhatsappPayload,
  buildWhatsappStatusPayload,
  loadWhatsappFixture,
} from 'test/factories/whatsapp-payload.factory';

describe(WhatsappWebhookDto.name, () => {
  it.each<[string, unknown, string[]]>([
    ['another object', { object: 'page', entry: [] }, ['object']],
    ['no entry', { object: 'whatsapp_business_account' }, ['entry']],
    [
      'a message without id',
      buildWhatsappPayload([{ id: undefined, body: 'hi' }]),
      ['entry.0.changes.0.value.messages.0.id'],
    ],
    [
      'a text that is not an object',
      buildWhatsappPayload([{ text: 'hi' }]),
      ['entry.0.changes.0.value.messages.0.text'],
    ],
    [
      'an id longer than 191 characters',
      buildWhatsappPayload([{ id: `wamid.${'x'.repeat(186)}`, body: 'hi' }]),
      ['entry.0.changes.0.value.messages.0.id'],
    ],
    [
      'a status without id',
      buildWhatsappStatusPayload([{ id: '', status: 'read' }]),
      ['entry.0.changes.0.value.statuses.0.id'],
    ],
  ])('should refuse %s', (_case, payload, fields) => {
    expect(invalidFieldsOf(payload)).toEqual(fields);
  });

  it('should strip fields it does not read', () => {
    const dto = dtoOf(loadWhatsappFixture('whatsapp-status'));

    expect(dto.entry[0]).not.toHaveProperty('id');
    expect(dto.entry[0].changes?.[0].value?.statuses?.[0]).toEqual({
      id: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSM0IxQTlDOEQ3RTZGNUEwMzIxAA==',
      status: 'delivered',
    });
  });
});
