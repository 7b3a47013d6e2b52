import { AnalysisService } from 'src/analysis/analysis.service';
import { PriorityLevel, ResponseTime } from 'src/core/message-analysis';
import { VipRepository } from 'src/analysis/vip.repository';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { testDatabaseKinds } from 'test/setup/test-database';
import { AnalysisModuleHarness } from 'test/setup/analysis-module-harness';
import { SEEDED_GROUP_NAMES } from 'test/setup/seeded-groups';

describe.each(testDatabaseKinds())('AnalysisModule on %s', (kind) => {
  const harness = AnalysisModuleHarness.use(kind);
  const { build } = harness;

  describe('VIP rules', () => {
    it('should boost by the important customer (phone) and the seeded critical group', async () => {
      const module = await build({ OPENAI_API_KEY: '' });
      await module.get(VipRepository).createImportantCustomer({
        phoneNumber: '+90 555 123 45 67',
        name: 'Ayşe Yılmaz',
        priorityBoost: 2,
      });
      const sut = module.get(AnalysisService);

      const analysis = await sut.analyze(
        buildInboundMessage({
          text: 'Merhaba, bisikletim ne zaman gelir?',
          conversationName: 'IZER MANAGEMENT',
          sender: { id: 'someone-else', name: 'Ayşe', phone: '905551234567' },
        }),
      );

      expect(analysis).toMatchObject({
        urgencyScore: 9,
        vipBoost: 5,
        priorityLevel: PriorityLevel.Critical,
        recommendedResponseTime: ResponseTime.Immediate,
        shouldNotify: true,
      });
      expect(analysis.reasoning).toMatch(
        /^VIP boost \+5 \(important customer #\d+, critical group "İzer Management"\); /,
      );
    });

    it('should match a customer by platform user id and ignore inactive rules', async () => {
      const module = await build({ OPENAI_API_KEY: '' });
      const vip = module.get(VipRepository);
      await vip.createImportantCustomer({
        platformUserId: 'kore-user-7',
        name: 'Partner',
        priorityBoost: 3,
      });
      const inactive = await vip.createCriticalGroup({ name: 'Night Shift', priorityBoost: 5 });
      await harness.dataSource.query('UPDATE critical_groups SET is_active = ? WHERE id = ?', [
        0,
        inactive.id,
      ]);
      const sut = module.get(AnalysisService);

      const boosted = await sut.analyze(
        buildInboundMessage({
          text: 'What are your opening hours?',
          conversationName: 'Night Shift',
          sender: { id: 'kore-user-7', name: null, phone: null },
        }),
      );
      const plain = await sut.analyze(
        buildInboundMessage({
          text: 'What are your opening hours?',
          conversationName: 'Night Shift',
          sender: { id: 'kore-user-8', name: null, phone: null },
        }),
      );

      expect(boosted).toMatchObject({
        urgencyScore: 7,
        vipBoost: 3,
        priorityLevel: PriorityLevel.High,
      });
      expect(plain).toMatchObject({
        urgencyScore: 4,
        vipBoost: 0,
        priorityLevel: PriorityLevel.Normal,
      });
    });

    it('should list, create and delete VIP rules for the admin API', async () => {
      const vip = (await build({ OPENAI_API_KEY: '' })).get(VipRepository);

      const customer = await vip.createImportantCustomer({
        phoneNumber: '0047 912 34 567',
        name: 'Kari',
        priorityBoost: 4,
      });
      const group = await vip.createCriticalGroup({ name: 'Bayiler', priorityBoost: 1 });

      expect(customer.phoneNumber).toBe('+4791234567');
      expect((await vip.listImportantCustomers()).map((row) => row.name)).toEqual(['Kari']);
      expect((await vip.listCriticalGroups()).map((row) => row.name)).toEqual([
        ...SEEDED_GROUP_NAMES,
        'Bayiler',
      ]);
      expect(await vip.deleteImportantCustomer(customer.id)).toBe(true);
      expect(await vip.deleteCriticalGroup(group.id)).toBe(true);
      expect(await vip.deleteCriticalGroup(group.id)).toBe(false);
      expect(await vip.listImportantCustomers()).toEqual([]);
    });
  });
});
