import { Handling } from 'src/core/inbound-message';
import { UserlikeAdapter } from 'src/platforms/userlike/userlike.adapter';
import { useUserlikeAdapter } from 'test/factories/userlike-adapter.factory';
import { buildUserlikeWebhook } from 'test/factories/userlike-webhook.factory';

describe(UserlikeAdapter.name, () => {
  const { toMessage } = useUserlikeAdapter();

  describe('toMessages', () => {
    it('should describe an upload in text and keep it as an attachment', () => {
      const image = buildUserlikeWebhook({
        name: 'media',
        payload: {
          url: 'https://files.example.org/p/42.jpg',
          mime_type: 'image/jpeg',
          name: '42.jpg',
        },
      });
      const unknownShape = buildUserlikeWebhook({ name: 'media', payload: { blob: 'x' } });

      expect(toMessage(image)).toMatchObject({
        eventType: 'media',
        text: '[image: 42.jpg]',
        attachments: [
          {
            type: 'image',
            url: 'https://files.example.org/p/42.jpg',
            mimeType: 'image/jpeg',
            caption: '42.jpg',
          },
        ],
        handling: Handling.Route,
      });
      expect(toMessage(unknownShape)).toMatchObject({
        text: '[file]',
        attachments: [{ type: 'file' }],
        handling: Handling.Route,
      });
    });

    it('should route a start that carries an upload as that upload', () => {
      const plain = buildUserlikeWebhook({
        name: 'start',
        payload: {
          url: 'https://files.example.org/p/7.pdf',
          mime_type: 'application/pdf',
          body: 'My invoice',
        },
      });

      expect(toMessage(plain)).toMatchObject({
        eventType: 'start',
        text: 'My invoice',
        attachments: [
          {
            type: 'file',
            url: 'https://files.example.org/p/7.pdf',
            mimeType: 'application/pdf',
            caption: 'My invoice',
          },
        ],
        handling: Handling.Route,
      });
    });

    it('should describe a location in text and keep it as a geo attachment', () => {
      const plain = buildUserlikeWebhook({
        name: 'location',
        payload: { latitude: 41.0256, longitude: '28.9742', name: 'Galata Tower' },
      });

      expect(toMessage(plain)).toMatchObject({
        eventType: 'location',
        text: '[location: Galata Tower, 41.0256, 28.9742]',
        attachments: [{ type: 'location', url: 'geo:41.0256,28.9742', caption: 'Galata Tower' }],
        handling: Handling.Route,
      });
    });
  });
});
