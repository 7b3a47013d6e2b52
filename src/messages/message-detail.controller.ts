import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from 'src/common/security/admin-token.guard';
import { MessageIdParamsDto } from 'src/messages/message-detail.dto';
import { MessageDetailResponse } from 'src/messages/message-detail.response';
import { MessageDetailService } from 'src/messages/message-detail.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: 'Missing or wrong `Authorization: Bearer <ADMIN_API_TOKEN>`',
})
@ApiServiceUnavailableResponse({ description: 'ADMIN_API_TOKEN is not set: admin API disabled' })
@UseGuards(AdminTokenGuard)
@Controller('messages')
export class MessageDetailController {
  constructor(private readonly details: MessageDetailService) {}

  @Get(':id')
  @ApiOkResponse({ type: MessageDetailResponse })
  @ApiBadRequestResponse({ description: '`id` is not a positive integer' })
  @ApiNotFoundResponse({ description: 'No stored message has this id' })
  findOne(@Param() params: MessageIdParamsDto): Promise<MessageDetailResponse> {
    return this.details.findById(params.id);
  }
}
