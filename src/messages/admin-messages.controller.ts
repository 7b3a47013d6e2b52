import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import { AdminApi } from 'src/common/security/admin-api.decorator';
import {
  AdminMessagesQueryDto,
  AdminMessagesResponse,
  ReplayResponse,
} from 'src/messages/admin-messages.dto';
import { AdminMessagesService } from 'src/messages/admin-messages.service';
import { MessageIdParamsDto } from 'src/messages/message-detail.dto';

@AdminApi()
@Controller('admin/messages')
export class AdminMessagesController {
  constructor(private readonly admin: AdminMessagesService) {}

  @Get()
  @ApiOkResponse({
    type: AdminMessagesResponse,
    description: 'Newest first; failed and dead messages unless `status` says otherwise',
  })
  @ApiBadRequestResponse({ description: 'Unknown status or a bad `limit`/`before_id`' })
  list(@Query() query: AdminMessagesQueryDto): Promise<AdminMessagesResponse> {
    return this.admin.list(query);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ReplayResponse,
    description: 'A fresh set of attempts; stages that succeeded before are not run again',
  })
  @ApiNotFoundResponse({ description: 'No stored message has this id' })
  @ApiConflictResponse({ description: 'The message is not failed or dead' })
  replay(@Param() params: MessageIdParamsDto): Promise<ReplayResponse> {
    return this.admin.replay(params.id);
  }
}
