import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { VALIDATION_OPTIONS } from 'src/app.setup';
import { CompiledValidationPipe } from 'src/common/validation/compiled-validation.pipe';
import { IzerWebhookDto } from 'src/platforms/whatsapp/izer.dto';
import { WhatsappWebhookDto } from 'src/platforms/whatsapp/whatsapp.dto';
import { buildWhatsappPayload } from 'test/factories/whatsapp-payload.factory';

type Json = unknown;

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');

function fixture(folder: string, file: string): Json {
  return JSON.parse(readFileSync(join(FIXTURES, folder, file), 'utf8')) as Json;
}

// Meta's notification bodies: the fixtures that are webhooks, and a batch built here.
function whatsappBodies(): [string, Json][] {
  const fixtures = readdirSync(join(FIXTURES, 'whatsapp'))
    .filter((file) => !file.includes('send'))
    .map((file): [string, Json] => [file, fixture('whatsapp', file)]);
  const built = buildWhatsappPayload(
    [
      { body: 'Merhaba 👋 bisikletim nerede?', from: '905551112233' },
      { body: "'; DROP TABLE webhook_messages; --", from: '905551112244' },
    ],
    { statuses: [{ id: 'wamid.status.1', status: 'read' }] },
  );
  return [...fixtures, ['built batch', built]];
}

// İzer's `/webhook` body, with and without its optional fields.
function izerBodies(): [string, Json][] {
  const body = fixture('izer', 'webhook.json') as Record<string, unknown>;
  const bare = Object.fromEntries(
    Object.entries(body).filter(([key]) => key !== 'history' && key !== 'chat_name'),
  );
  return [
    ['izer webhook.json', body],
    ['izer, required fields only', bare],
  ];
}

const CASES: [string, new () => object, [string, Json][]][] = [
  [WhatsappWebhookDto.name, WhatsappWebhookDto, whatsappBodies()],
  [IzerWebhookDto.name, IzerWebhookDto, izerBodies()],
];

// Every leaf and object of `body` replaced, in turn, by each hostile value; plus one unknown
// property added to, and one property removed from, each object.
const REPLACEMENTS: Json[] = [
  null,
  42,
  1.5,
  -1,
  '',
  'x'.repeat(300),
  '\ud800',
  true,
  {},
  [],
  [{}],
  ['a'],
  '1700000000',
  { unknown: 1 },
];

function variantsOf(body: Json): Json[] {
  const variants: Json[] = [];
  const walk = (node: Json, replace: (value: Json) => Json): void => {
    for (const value of REPLACEMENTS) {
      variants.push(replace(value));
    }
    if (Array.isArray(node)) {
      const items = node as Json[];
      items.forEach((item, index) =>
        walk(item, (value) => replace(items.map((other, i) => (i === index ? value : other)))),
      );
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      variants.push(replace({ ...node, surplus: 'kept out' }));
      for (const [key] of entries) {
        variants.push(replace(Object.fromEntries(entries.filter(([other]) => other !== key))));
      }
      for (const [key, inner] of entries) {
        walk(inner, (value) => replace({ ...node, [key]: value }));
      }
    }
  };
  walk(body, (value) => value);
  return variants;
}

type Outcome = { accepted: Json } | { refused: Json };

async function outcomeOf(
  pipe: ValidationPipe,
  body: Json,
  metadata: ArgumentMetadata,
): Promise<Outcome> {
  try {
    const accepted: unknown = await pipe.transform(structuredClone(body), metadata);
    return { accepted: JSON.parse(JSON.stringify(accepted)) as Json };
  } catch (error) {
    return { refused: (error as { getResponse?: () => unknown }).getResponse?.() ?? error };
  }
}

const bodyOf = (dto: new () => object): ArgumentMetadata => ({
  type: 'body',
  metatype: dto,
  data: '',
});

describe(CompiledValidationPipe.name, () => {
  const sut = new CompiledValidationPipe(VALIDATION_OPTIONS);
  const reference = new ValidationPipe(VALIDATION_OPTIONS);

  describe.each(CASES)('for %s', (_name, dto, valid) => {
    const metadata = bodyOf(dto);

    it.each(valid)('should take %s on the compiled path', (_body, body) => {
      expect(sut.acceptsCompiled(structuredClone(body), metadata)).toBe(true);
    });

    it('should answer every variant of every body exactly as class-validator does', async () => {
      const bodies = valid.flatMap(([, body]) => [body, ...variantsOf(body)]);
      let compiledCount = 0;
      const differences: string[] = [];

      for (const body of bodies) {
        if (sut.acceptsCompiled(structuredClone(body), metadata)) {
          compiledCount += 1;
        }
        const [fast, slow] = await Promise.all([
          outcomeOf(sut, body, metadata),
          outcomeOf(reference, body, metadata),
        ]);
        // Key order aside: class-transformer writes the DTO's order, the fast path the sender's.
        if (!isDeepStrictEqual(fast, slow)) {
          differences.push(
            `${JSON.stringify(body).slice(0, 300)}\n→ ${JSON.stringify(fast)}\n≠ ${JSON.stringify(slow)}`,
          );
        }
      }

      expect(differences).toEqual([]);
      // Both paths were exercised: the variants include accepted and refused bodies alike.
      expect(compiledCount).toBeGreaterThan(10);
      expect(bodies.length - compiledCount).toBeGreaterThan(50);
    });
  });

  it('should leave bodies of DTOs without the mark to class-validator', () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: Object, data: '' };

    expect(sut.acceptsCompiled({ object: 'whatsapp_business_account' }, metadata)).toBe(false);
  });
});
