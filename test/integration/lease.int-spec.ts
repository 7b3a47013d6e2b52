import type { DataSource } from 'typeorm';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { LeaseRepository, type LeasedRow, type LeaseTable } from 'src/queue/lease.repository';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { insertWebhookMessage } from 'test/factories/webhook-message.factory';
import { testDatabaseKinds, useMigratedDataSource } from 'test/setup/test-database';

const T0 = new Date('2026-01-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const A = 'gateway-a:1';
const B = 'gateway-b:2';

interface LeasedTableCase {
  name: string;
  table: LeaseTable<LeasedRow>;
  open: string;
  finished: string;
  isCountingAttempts: boolean;
  insert: (dataSource: DataSource, row: Partial<LeasedRow>) => Promise<number>;
}

const TABLES: LeasedTableCase[] = [
  {
    name: 'webhook_messages',
    table: {
      entity: WebhookMessage,
      claimable: [MessageStatus.Received, MessageStatus.Failed, MessageStatus.Waiting],
      isCountingAttempts: true,
    },
    open: MessageStatus.Received,
    finished: MessageStatus.Done,
    isCountingAttempts: true,
    insert: async (dataSource, row) =>
      (await insertWebhookMessage(dataSource, row as Partial<WebhookMessage>)).id,
  },
  {
    name: 'outbound_messages',
    table: {
      entity: OutboundMessage,
      claimable: [OutboundStatus.Queued],
      isCountingAttempts: false,
    },
    open: OutboundStatus.Queued,
    finished: OutboundStatus.Sent,
    isCountingAttempts: false,
    insert: async (dataSource, row) => {
      const result = await dataSource.getRepository(OutboundMessage).insert({
        kind: OutboundKind.Proactive,
        platform: 'whatsapp',
        conversationId: null,
        recipient: '905551234567',
        text: 'Siparişiniz yola çıktı',
        status: OutboundStatus.Queued,
        attempts: 0,
        createdAt: T0,
        updatedAt: T0,
        ...(row as Partial<OutboundMessage>),
      });
      return (result.identifiers[0] as { id: number }).id;
    },
  },
];

describe.each(testDatabaseKinds())('LeaseRepository on %s', (kind) => {
  const db = useMigratedDataSource(kind);

  describe.each(TABLES)('for $name', ({ table, open, finished, isCountingAttempts, insert }) => {
    let sut: LeaseRepository<LeasedRow>;

    const rowOf = async (id: number): Promise<LeasedRow> => {
      const row = await db.dataSource.manager.findOneBy(table.entity, { id });
      if (!row) {
        throw new Error(`row ${id} not found`);
      }
      return row;
    };
    const leaseOf = async (id: number) => {
      const { lockedBy, lockedUntil, nextAttemptAt } = await rowOf(id);
      return { lockedBy, lockedUntil: lockedUntil?.toISOString() ?? null, nextAttemptAt };
    };

    beforeEach(() => {
      sut = new LeaseRepository(db.dataSource.manager, table);
    });

    it('should let one owner claim a free row and record the lease on it', async () => {
      const id = await insert(db.dataSource, { status: open });

      const isClaimed = await sut.claim(id, { owner: A, until: at(30_000) }, T0);

      expect(isClaimed).toBe(true);
      expect(await leaseOf(id)).toEqual({
        lockedBy: A,
        lockedUntil: at(30_000).toISOString(),
        nextAttemptAt: null,
      });
      expect((await rowOf(id)).attempts).toBe(isCountingAttempts ? 1 : 0);
    });

    it('should refuse a second owner while the lease holds, and a finished row to anyone', async () => {
      const id = await insert(db.dataSource, { status: open });
      const done = await insert(db.dataSource, { status: finished });
      await sut.claim(id, { owner: A, until: at(30_000) }, T0);

      const [second, finishedClaim] = await Promise.all([
        sut.claim(id, { owner: B, until: at(40_000) }, at(10_000)),
        sut.claim(done, { owner: B, until: at(40_000) }, at(10_000)),
      ]);

      expect([second, finishedClaim]).toEqual([false, false]);
      expect((await leaseOf(id)).lockedBy).toBe(A);
      expect((await leaseOf(done)).lockedBy).toBeNull();
    });

    it('should give each claim of one batch its own answer: every free row taken, a held or finished one refused, an id asked twice taken once', async () => {
      const free = [
        await insert(db.dataSource, { status: open }),
        await insert(db.dataSource, { status: open }),
      ];
      const held = await insert(db.dataSource, { status: open });
      const done = await insert(db.dataSource, { status: finished });
      await sut.claim(held, { owner: B, until: at(30_000) }, T0);
      const lease = { owner: A, until: at(40_000) };

      // Handed in during one turn of the event loop: one batch, one UPDATE.
      const mixed = await Promise.all(
        [free[0], held, done, free[1]].map((id) => sut.claim(id, lease, at(10_000))),
      );
      const others = [
        await insert(db.dataSource, { status: open }),
        await insert(db.dataSource, { status: open }),
      ];
      const allFree = await Promise.all(
        [others[0], others[1], others[0]].map((id) =>
          sut.claim(id, { owner: A, until: at(50_000) }, at(10_000)),
        ),
      );

      expect(mixed).toEqual([true, false, false, true]);
      expect(allFree).toEqual([true, true, false]);
      for (const id of [...free, ...others]) {
        expect((await leaseOf(id)).lockedBy).toBe(A);
        expect((await rowOf(id)).attempts).toBe(isCountingAttempts ? 1 : 0);
      }
      expect((await leaseOf(held)).lockedBy).toBe(B);
      expect((await leaseOf(done)).lockedBy).toBeNull();
    });

    it('should renew the lease for its holder only', async () => {
      const id = await insert(db.dataSource, { status: open });
      await sut.claim(id, { owner: A, until: at(30_000) }, T0);

      const byHolder = await sut.renew(id, { owner: A, until: at(60_000) });
      const byOther = await sut.renew(id, { owner: B, until: at(90_000) });

      expect([byHolder, byOther]).toEqual([true, false]);
      expect(await leaseOf(id)).toMatchObject({
        lockedBy: A,
        lockedUntil: at(60_000).toISOString(),
      });
    });

    it('should let a second owner claim once the lease has run out, and then refuse the first one renewing', async () => {
      const id = await insert(db.dataSource, { status: open });
      await sut.claim(id, { owner: A, until: at(30_000) }, T0);

      const isClaimed = await sut.claim(id, { owner: B, until: at(70_000) }, at(40_000));
      const isRenewedByFirst = await sut.renew(id, { owner: A, until: at(80_000) });

      expect([isClaimed, isRenewedByFirst]).toEqual([true, false]);
      expect(await leaseOf(id)).toMatchObject({
        lockedBy: B,
        lockedUntil: at(70_000).toISOString(),
      });
    });

    it('should hand back its own rows at once on release and leave another owner’s alone', async () => {
      const mine = await insert(db.dataSource, { status: open, nextAttemptAt: at(90_000) });
      const theirs = await insert(db.dataSource, { status: open });
      await sut.claim(mine, { owner: A, until: at(30_000) }, T0);
      await sut.claim(theirs, { owner: B, until: at(30_000) }, T0);

      await sut.release([mine, theirs], A);

      expect(await leaseOf(mine)).toEqual({
        lockedBy: null,
        lockedUntil: null,
        nextAttemptAt: null,
      });
      expect((await leaseOf(theirs)).lockedBy).toBe(B);
      expect(await sut.claim(mine, { owner: B, until: at(40_000) }, at(1000))).toBe(true);
    });

    it('should find only the open rows nobody holds whose pick-up time has come, oldest first', async () => {
      const neverPicked = await insert(db.dataSource, { status: open });
      const dueNow = await insert(db.dataSource, { status: open, nextAttemptAt: at(-1) });
      await insert(db.dataSource, { status: open, nextAttemptAt: at(60_000) });
      await insert(db.dataSource, { status: finished });
      const held = await insert(db.dataSource, { status: open });
      const lapsed = await insert(db.dataSource, { status: open });
      // Lease ends only grow within one repository (they tell claim batches apart).
      await sut.claim(lapsed, { owner: A, until: at(-10_000) }, at(-60_000));
      await sut.claim(held, { owner: A, until: at(30_000) }, at(-60_000));

      const due = await sut.findDue(T0, 10);
      const firstTwo = await sut.findDue(T0, 2);

      expect(due.map((row) => row.id)).toEqual([neverPicked, dueNow, lapsed]);
      expect(firstTwo.map((row) => row.id)).toEqual([neverPicked, dueNow]);
      expect(due[0]).toMatchObject({ platform: expect.any(String) as string });
    });

    it('should postpone the rows nobody holds and leave a held one on its own schedule', async () => {
      const free = await insert(db.dataSource, { status: open, nextAttemptAt: at(-1) });
      const held = await insert(db.dataSource, { status: open, nextAttemptAt: at(-1) });
      await sut.claim(held, { owner: A, until: at(30_000) }, T0);

      await sut.postpone([free, held], at(120_000), T0);

      expect((await rowOf(free)).nextAttemptAt?.toISOString()).toBe(at(120_000).toISOString());
      expect((await rowOf(held)).nextAttemptAt?.toISOString()).toBe(at(-1).toISOString());
      expect((await sut.findDue(T0, 10)).map((row) => row.id)).toEqual([]);
    });
  });
});
