import { Injectable } from '@nestjs/common';
import type { CreateCriticalGroupDto } from 'src/admin/create-critical-group.dto';
import type { CreateImportantCustomerDto } from 'src/admin/create-important-customer.dto';
import type { CriticalGroupResponse } from 'src/admin/critical-group.response';
import type { ImportantCustomerResponse } from 'src/admin/important-customer.response';
import { DEFAULT_PRIORITY_BOOST } from 'src/admin/vip-rule.validation';
import type { CriticalGroup } from 'src/analysis/critical-group.entity';
import type { ImportantCustomer } from 'src/analysis/important-customer.entity';
import { foldName } from 'src/common/text/text-normalization';
import { VipRepository } from 'src/analysis/vip.repository';
import { AppError, AppErrorCode } from 'src/common/errors/app-error';
import { isUniqueViolation } from 'src/common/errors/database-errors';

const GROUP_NAME_TAKEN = 'a critical group with this name already exists';

/**
 * The admin side of the VIP rules. The analysis reads the same tables on every message, so a
 * change here applies to the next message.
 */
@Injectable()
export class VipRulesService {
  constructor(private readonly rules: VipRepository) {}

  async listImportantCustomers(): Promise<ImportantCustomerResponse[]> {
    const rows = await this.rules.listImportantCustomers();
    return rows.map(importantCustomerOf);
  }

  async findImportantCustomer(id: number): Promise<ImportantCustomerResponse> {
    const row = await this.rules.findImportantCustomerById(id);
    if (!row) {
      throw notFound('important customer', id);
    }
    return importantCustomerOf(row);
  }

  async createImportantCustomer(
    input: CreateImportantCustomerDto,
  ): Promise<ImportantCustomerResponse> {
    try {
      const row = await this.rules.createImportantCustomer({
        phoneNumber: input.phone_number ?? null,
        platformUserId: input.platform_user_id ?? null,
        name: input.name,
        priorityBoost: input.priority_boost ?? DEFAULT_PRIORITY_BOOST,
      });
      return importantCustomerOf(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          AppErrorCode.Conflict,
          `an important customer with this ${givenKeysOf(input)} already exists`,
        );
      }
      throw error;
    }
  }

  async deleteImportantCustomer(id: number): Promise<void> {
    if (!(await this.rules.deleteImportantCustomer(id))) {
      throw notFound('important customer', id);
    }
  }

  async listCriticalGroups(): Promise<CriticalGroupResponse[]> {
    const rows = await this.rules.listCriticalGroups();
    return rows.map(criticalGroupOf);
  }

  async findCriticalGroup(id: number): Promise<CriticalGroupResponse> {
    const row = await this.rules.findCriticalGroupById(id);
    if (!row) {
      throw notFound('critical group', id);
    }
    return criticalGroupOf(row);
  }

  async createCriticalGroup(input: CreateCriticalGroupDto): Promise<CriticalGroupResponse> {
    // Groups match chat names ignoring case and accents, so "izer management" would be a second
    // rule for the chats "İzer Management" already covers; the unique key sees only exact names.
    const folded = foldName(input.name);
    const existing = await this.rules.listCriticalGroups();
    if (existing.some((group) => foldName(group.name) === folded)) {
      throw new AppError(AppErrorCode.Conflict, GROUP_NAME_TAKEN);
    }
    try {
      const row = await this.rules.createCriticalGroup({
        name: input.name,
        priorityBoost: input.priority_boost ?? DEFAULT_PRIORITY_BOOST,
      });
      return criticalGroupOf(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(AppErrorCode.Conflict, GROUP_NAME_TAKEN);
      }
      throw error;
    }
  }

  async deleteCriticalGroup(id: number): Promise<void> {
    if (!(await this.rules.deleteCriticalGroup(id))) {
      throw notFound('critical group', id);
    }
  }
}

function notFound(what: string, id: number): AppError {
  return new AppError(AppErrorCode.NotFound, `${what} ${id} not found`);
}

// Values are never echoed: they are phone numbers and user ids.
function givenKeysOf(input: CreateImportantCustomerDto): string {
  const keys = [
    ...(input.phone_number ? ['phone_number'] : []),
    ...(input.platform_user_id ? ['platform_user_id'] : []),
  ];
  return keys.join(' or ');
}

function importantCustomerOf(row: ImportantCustomer): ImportantCustomerResponse {
  return {
    id: row.id,
    phone_number: row.phoneNumber,
    platform_user_id: row.platformUserId,
    name: row.name,
    priority_boost: row.priorityBoost,
    is_active: row.isActive,
    created_at: row.createdAt.toISOString(),
  };
}

function criticalGroupOf(row: CriticalGroup): CriticalGroupResponse {
  return {
    id: row.id,
    name: row.name,
    priority_boost: row.priorityBoost,
    is_active: row.isActive,
    created_at: row.createdAt.toISOString(),
  };
}
