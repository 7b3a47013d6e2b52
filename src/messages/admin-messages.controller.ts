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
import { AdminMessagesQueryDto, ReplayResponse } from 'src/messages/admin-messages.dto';
import { AdminMessagesResponse } from 'src/messages/admin-messages.response';
import { AdminMessagesService } from 'src/messages/admin-messages.service';
import { MessageIdParamsDto } from 'src/messages/message-detail.dto';

@AdminApi()
@Controller('admin/messages')
export class AdminMessagesController {
  constructor(private readonly admin: AdminMessagesService) {}

  @Get()
  @ApiOperation({
    summary: 'Stored messages, newest first, filtered and paged (the inbox reads this)',
  })
  @ApiOkResponse({
    type: AdminMessagesResponse,
    description:
      'Newest received first; failed and dead messages unless `status` says otherwise. Every ' +
      'filter given must hold; `priority` and `category` leave out messages not analysed yet',
  })
  @ApiBadRequestResponse({
    description:
      'An unknown status, priority, category or platform, a bad time, `limit` or `before_id`',
  })
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
