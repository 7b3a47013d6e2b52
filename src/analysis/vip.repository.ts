import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { VipMatch } from 'src/analysis/analysis-merge';
import { CriticalGroup } from 'src/analysis/critical-group.entity';
import { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { foldName } from 'src/common/text/text-normalization';
import { normalizePhone } from 'src/common/text/phone';
import { Batcher } from 'src/database/batcher';
import { RowStatements, placeholdersFor } from 'src/database/row-statements';

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

/** What a match needs of a rule (a group has no phone or user id). */
interface VipRow {
  id: number;
  phoneNumber: string | null;
  platformUserId: string | null;
  name: string;
  priorityBoost: number;
}

interface RawVipRow {
  id: number | string;
  phoneNumber?: string | null;
  platformUserId?: string | null;
  name: string;
  priorityBoost: number | string;
}

function toVipRow(row: RawVipRow): VipRow {
  return {
    id: Number(row.id),
    phoneNumber: row.phoneNumber ?? null,
    platformUserId: row.platformUserId ?? null,
    name: row.name,
    priorityBoost: Number(row.priorityBoost),
  };
}

// The VIP rules of seed 004: important customers and critical groups.
@Injectable()
export class VipRepository {
  private readonly customerRows: RowStatements<ImportantCustomer>;
  private readonly groupRows: RowStatements<CriticalGroup>;

  constructor(
    @InjectRepository(ImportantCustomer)
    private readonly customers: Repository<ImportantCustomer>,
    @InjectRepository(CriticalGroup) private readonly groups: Repository<CriticalGroup>,
  ) {
    this.customerRows = new RowStatements(customers.manager, ImportantCustomer, []);
    this.groupRows = new RowStatements(groups.manager, CriticalGroup, []);
  }

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
    // The group table is small; names are compared in code because SQL collations disagree on
    // Turkish letters ("İzer" vs "IZER" vs "izer").
    const [customers, groups] = await Promise.all([
      this.findActiveCustomers(phones, userIds),
      wanted.some(({ names }) => names.size > 0) ? this.findActiveGroups() : [],
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

  // Plain statements on the hot path (one pair per batch of messages): no query builder, and
  // only the columns a match needs.
  private async findActiveCustomers(phones: string[], userIds: string[]): Promise<VipRow[]> {
    const rows = this.customerRows;
    const terms = [
      ...(phones.length > 0 ? [`${rows.name('phoneNumber')} IN (${placeholdersFor(phones)})`] : []),
      ...(userIds.length > 0
        ? [`${rows.name('platformUserId')} IN (${placeholdersFor(userIds)})`]
        : []),
    ];
    if (terms.length === 0) {
      return [];
    }
    const found: RawVipRow[] = await this.customers.manager.query(
      `SELECT ${rows.name('id')} AS id, ${rows.name('phoneNumber')} AS phoneNumber, ` +
        `${rows.name('platformUserId')} AS platformUserId, ${rows.name('name')} AS name, ` +
        `${rows.name('priorityBoost')} AS priorityBoost FROM ${rows.table} WHERE ` +
        `${rows.name('isActive')} = ? AND (${terms.join(' OR ')}) ORDER BY ${rows.name('id')}`,
      [rows.value('isActive', true), ...phones, ...userIds],
    );
    return found.map(toVipRow);
  }

  private async findActiveGroups(): Promise<VipRow[]> {
    const rows = this.groupRows;
    const found: RawVipRow[] = await this.groups.manager.query(
      `SELECT ${rows.name('id')} AS id, ${rows.name('name')} AS name, ` +
        `${rows.name('priorityBoost')} AS priorityBoost FROM ${rows.table} WHERE ` +
        `${rows.name('isActive')} = ? ORDER BY ${rows.name('id')}`,
      [rows.value('isActive', true)],
    );
    return found.map(toVipRow);
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
