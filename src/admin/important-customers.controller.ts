import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { CreateImportantCustomerDto } from 'src/admin/create-important-customer.dto';
import { ImportantCustomerResponse } from 'src/admin/important-customer.response';
import { ApiVipRuleIdResponses } from 'src/admin/vip-rule-id.decorator';
import { VipRuleIdDto } from 'src/admin/vip-rule-id.dto';
import { VipRulesService } from 'src/admin/vip-rules.service';
import { AdminApi } from 'src/common/security/admin-api.decorator';

@AdminApi()
@Controller('admin/important-customers')
export class ImportantCustomersController {
  constructor(private readonly rules: VipRulesService) {}

  @Get()
  @ApiOkResponse({ type: [ImportantCustomerResponse], description: 'Every rule, by id' })
  list(): Promise<ImportantCustomerResponse[]> {
    return this.rules.listImportantCustomers();
  }

  @Get(':id')
  @ApiOkResponse({ type: ImportantCustomerResponse })
  @ApiVipRuleIdResponses('important customer')
  findOne(@Param() params: VipRuleIdDto): Promise<ImportantCustomerResponse> {
    return this.rules.findImportantCustomer(params.id);
  }

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: ImportantCustomerResponse,
    description: 'Stored; the next message from this phone number or user id is boosted',
  })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiConflictResponse({ description: 'Another rule has this phone number or platform user id' })
  create(@Body() body: CreateImportantCustomerDto): Promise<ImportantCustomerResponse> {
    return this.rules.createImportantCustomer(body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiVipRuleIdResponses('important customer')
  remove(@Param() params: VipRuleIdDto): Promise<void> {
    return this.rules.deleteImportantCustomer(params.id);
  }
}
