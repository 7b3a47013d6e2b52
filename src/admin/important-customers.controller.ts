import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CreateImportantCustomerDto } from 'src/admin/create-important-customer.dto';
import { ImportantCustomerResponse } from 'src/admin/important-customer.response';
import { VipRuleIdDto } from 'src/admin/vip-rule-id.dto';
import { VipRulesService } from 'src/admin/vip-rules.service';
import { AdminTokenGuard } from 'src/common/security/admin-token.guard';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: 'Missing or wrong `Authorization: Bearer <ADMIN_API_TOKEN>`',
})
@ApiServiceUnavailableResponse({ description: 'ADMIN_API_TOKEN is not set: admin API disabled' })
@UseGuards(AdminTokenGuard)
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
  @ApiBadRequestResponse({ description: '`id` is not a positive integer' })
  @ApiNotFoundResponse({ description: 'No important customer has this id' })
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
  @ApiBadRequestResponse({ description: '`id` is not a positive integer' })
  @ApiNotFoundResponse({ description: 'No important customer has this id' })
  remove(@Param() params: VipRuleIdDto): Promise<void> {
    return this.rules.deleteImportantCustomer(params.id);
  }
}
