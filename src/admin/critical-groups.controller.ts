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
import { CreateCriticalGroupDto } from 'src/admin/create-critical-group.dto';
import { CriticalGroupResponse } from 'src/admin/critical-group.response';
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
@Controller('admin/critical-groups')
export class CriticalGroupsController {
  constructor(private readonly rules: VipRulesService) {}

  @Get()
  @ApiOkResponse({ type: [CriticalGroupResponse], description: 'Every rule, by id' })
  list(): Promise<CriticalGroupResponse[]> {
    return this.rules.listCriticalGroups();
  }

  @Get(':id')
  @ApiOkResponse({ type: CriticalGroupResponse })
  @ApiBadRequestResponse({ description: '`id` is not a positive integer' })
  @ApiNotFoundResponse({ description: 'No critical group has this id' })
  findOne(@Param() params: VipRuleIdDto): Promise<CriticalGroupResponse> {
    return this.rules.findCriticalGroup(params.id);
  }

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: CriticalGroupResponse,
    description: 'Stored; the next message from a chat of this name is boosted',
  })
  @ApiBadRequestResponse({ description: 'Invalid body; `fields` names each bad field' })
  @ApiConflictResponse({
    description: 'Another group has this name (compared ignoring case and accents)',
  })
  create(@Body() body: CreateCriticalGroupDto): Promise<CriticalGroupResponse> {
    return this.rules.createCriticalGroup(body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: '`id` is not a positive integer' })
  @ApiNotFoundResponse({ description: 'No critical group has this id' })
  remove(@Param() params: VipRuleIdDto): Promise<void> {
    return this.rules.deleteCriticalGroup(params.id);
  }
}
