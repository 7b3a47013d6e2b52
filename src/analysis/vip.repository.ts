import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { VipMatch } from 'src/analysis/analysis-merge';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { foldName } from 'src/common/text/text-normalization';
import { normalizePhone } from 'src/common/text/phone';
import { Batcher } from 'src/database/batcher';

export interface VipCriteria {
  phone: string | null;
  platformUserId: string | null;
  // Critical groups match either the chat/group name or the sender name.
  names: readonly (string | null)[];
}

export interface NewImportantCustomer {
  phoneNumber?: string | null;
  platformUserId?: string | null;
  name: string;
  priorityBoost: number;
}

export interface NewCriticalGroup {
  name: string;
  priorityBoost: number;
}

// The VIP rules of seed 004: important customers and critical groups.
@Injectable()
export class VipRepository {
  constructor(
    @InjectRepository(ImportantCustomer)
    private readonly customers: Repository<ImportantCustomer>,
    @InjectRepository(CriticalGroup) private readonly groups: Repository<CriticalGroup>,
  ) {}

  private readonly lookups = new Batcher((batch: VipCriteria[]) => this.findAllMatches(batch));

  // Concurrent messages share the two lookups (see `Batcher`).
  findMatches(criteria: VipCriteria): Promise<VipMatch[]> {
    return this.lookups.submit(criteria);
  }

  private async findAllMatches(batch: VipCriteria[]): Promise<VipMatch[][]> {
    const wanted = batch.map((criteria) => ({
      phone: normalizePhone(criteria.phone),
      userId: criteria.platformUserId?.trim() || null,
      names: new Set(
        criteria.names
          .filter((name): name is string => !!name?.trim())
          .map((name) => foldName(name)),
      ),
    }));
    const phones = [...new Set(wanted.flatMap(({ phone }) => (phone ? [phone] : [])))];
    const userIds = [...new Set(wanted.flatMap(({ userId }) => (userId ? [userId] : [])))];
    const where = [
      ...(phones.length > 0 ? [{ phoneNumber: In(phones), isActive: true }] : []),
      ...(userIds.length > 0 ? [{ platformUserId: In(userIds), isActive: true }] : []),
    ];
    // The group table is small; names are compared in code because SQL collations disagree on
    // Turkish letters ("İzer" vs "IZER" vs "izer").
    const [customers, groups] = await Promise.all([
      where.length > 0 ? this.customers.find({ where, order: { id: 'ASC' } }) : [],
      wanted.some(({ names }) => names.size > 0)
        ? this.groups.find({ where: { isActive: true }, order: { id: 'ASC' } })
        : [],
    ]);
    return wanted.map(({ phone, userId, names }) => [
      ...customers
        .filter(
          (row) =>
            (phone !== null && row.phoneNumber === phone) ||
            (userId !== null && row.platformUserId === userId),
        )
        .map((row) => ({
          kind: 'customer' as const,
          id: row.id,
          name: row.name,
          boost: row.priorityBoost,
        })),
      ...groups
        .filter((row) => names.has(foldName(row.name)))
        .map((row) => ({
          kind: 'group' as const,
          id: row.id,
          name: row.name,
          boost: row.priorityBoost,
        })),
    ]);
  }

  listImportantCustomers(): Promise<ImportantCustomer[]> {
    return this.customers.find({ order: { id: 'ASC' } });
  }

  findImportantCustomerById(id: number): Promise<ImportantCustomer | null> {
    return this.customers.findOneBy({ id });
  }

  createImportantCustomer(input: NewImportantCustomer): Promise<ImportantCustomer> {
    return this.customers.save(
      this.customers.create({
        phoneNumber: normalizePhone(input.phoneNumber),
        platformUserId: input.platformUserId?.trim() || null,
        name: input.name.trim(),
        priorityBoost: input.priorityBoost,
        isActive: true,
        createdAt: new Date(),
      }),
      { transaction: false },
    );
  }

  async deleteImportantCustomer(id: number): Promise<boolean> {
    const result = await this.customers.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  listCriticalGroups(): Promise<CriticalGroup[]> {
    return this.groups.find({ order: { id: 'ASC' } });
  }

  findCriticalGroupById(id: number): Promise<CriticalGroup | null> {
    return this.groups.findOneBy({ id });
  }

  createCriticalGroup(input: NewCriticalGroup): Promise<CriticalGroup> {
    return this.groups.save(
      this.groups.create({
        name: input.name.trim(),
        priorityBoost: input.priorityBoost,
        isActive: true,
        createdAt: new Date(),
      }),
      { transaction: false },
    );
  }

  async deleteCriticalGroup(id: number): Promise<boolean> {
    const result = await this.groups.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
