import { invalidFields } from 'test/factories/userlike-adapter.factory';
import { buildUserlikeWebhook } from 'test/factories/userlike-webhook.factory';
import { UserlikeWebhookDto } from 'src/platforms/userlike/userlike.dto';

describe(UserlikeWebhookDto.name, () => {
  it('should name packet.name when the event is unknown', () => {
    expect(invalidFields(buildUserlikeWebhook({ name: 'typing', payload: {} }))).toEqual([
      'packet.name',
    ]);
  });

  it('should name the missing or bad fields', () => {
    const cases: [unknown, string[]][] = [
      [{}, ['info', 'packet']],
      [{ info: {}, packet: { name: 'start' } }, ['info.cid']],
      [{ info: { cid: 'c'.repeat(192) }, packet: { name: 'start' } }, ['info.cid']],
      [{ info: { cid: ' c' }, packet: { name: 'start' } }, ['info.cid']],
      [{ info: { cid: 'c', context: 'state' }, packet: { name: 'start' } }, ['info.context']],
      [{ info: { cid: 'c' }, packet: { name: 'message' } }, ['packet.payload.body']],
      [
        { info: { cid: 'c' }, packet: { name: 'message', payload: { body: 3 } } },
        ['packet.payload.body'],
      ],
      [{ info: { cid: 'c' }, packet: { name: 'click', payload: {} } }, ['packet.payload.value']],
      [
        { info: { cid: 'c' }, packet: { name: 'click', payload: { value: {} } } },
        ['packet.payload.value.id'],
      ],
      [
        { info: { cid: 'c' }, packet: { name: 'message', payload: { body: 'a \ud800 b' } } },
        ['packet.payload.body'],
      ],
    ];

    for (const [plain, fields] of cases) {
      expect(invalidFields(plain)).toEqual(fields);
    }
  });
});
