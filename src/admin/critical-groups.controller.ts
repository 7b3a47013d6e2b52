import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { CreateCriticalGroupDto } from 'src/admin/create-critical-group.dto';
import { CriticalGroupResponse } from 'src/admin/critical-group.response';
import { ApiVipRuleIdResponses } from 'src/admin/vip-rule-id.decorator';
import { VipRuleIdDto } from 'src/admin/vip-rule-id.dto';
import { VipRulesService } from 'src/admin/vip-rules.service';
import { AdminApi } from 'src/common/security/admin-api.decorator';

@AdminApi()
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
  @ApiVipRuleIdResponses('critical group')
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
  @ApiVipRuleIdResponses('critical group')
  remove(@Param() params: VipRuleIdDto): Promise<void> {
    return this.rules.deleteCriticalGroup(params.id);
  }
}
