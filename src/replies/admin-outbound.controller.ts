import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { AdminApi } from 'src/common/security/admin-api.decorator';
import { AdminOutboundQueryDto, OutboundIdParamsDto } from 'src/replies/admin-outbound.dto';
import { AdminOutboundResponse, OutboundRetryResponse } from 'src/replies/admin-outbound.response';
import { AdminOutboundService } from 'src/replies/admin-outbound.service';

@AdminApi()
@Controller('admin/outbound')
export class AdminOutboundController {
  constructor(private readonly admin: AdminOutboundService) {}

  @Get()
  @ApiOperation({
    summary: 'Outbound sends that failed for good or need a template, newest first, paged',
  })
  @ApiOkResponse({ type: AdminOutboundResponse })
  @ApiBadRequestResponse({
    description:
      'A status other than failed or needs_template, an unknown platform, a bad ' +
      '`limit` or `before_id`; `fields` names each',
  })
  list(@Query() query: AdminOutboundQueryDto): Promise<AdminOutboundResponse> {
    return this.admin.list(query);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a failed outbound message again' })
  @ApiAcceptedResponse({
    type: OutboundRetryResponse,
    description: 'Queued again with a fresh set of attempts, sent in the background',
  })
  @ApiNotFoundResponse({ description: 'No outbound message has this id' })
  @ApiConflictResponse({
    description:
      'The send is not failed: sent or on its way, or needs_template (free text outside the ' +
      'window: send a template through POST /messages/proactive instead)',
  })
  retry(@Param() params: OutboundIdParamsDto): Promise<OutboundRetryResponse> {
    return this.admin.retry(params.id);
  }
}
