import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
} from '@nestjs/swagger';
import {
  RetrainStatusResponse,
  TriageCorrectionDto,
  TriageEvaluationResponse,
  TriageLabelResponse,
  TriageLabelsQueryDto,
  TriageLabelsResponse,
} from 'src/admin/triage.dto';
import { TriageAdminService } from 'src/admin/triage-admin.service';
import { AdminApi } from 'src/common/security/admin-api.decorator';
import { MessageIdParamsDto } from 'src/messages/message-detail.dto';

@AdminApi()
@Controller('admin')
export class TriageController {
  constructor(private readonly triage: TriageAdminService) {}

  @Put('messages/:id/triage')
  @ApiOkResponse({
    type: TriageLabelResponse,
    description:
      'Stored; the message’s analysis shows it, and the same text (folded) is classified so from now on',
  })
  @ApiBadRequestResponse({ description: 'Neither `category` nor `priority_level`, or a bad value' })
  @ApiNotFoundResponse({ description: 'No stored message has this id' })
  correct(
    @Param() params: MessageIdParamsDto,
    @Body() body: TriageCorrectionDto,
  ): Promise<TriageLabelResponse> {
    return this.triage.correct(params.id, body);
  }

  @Get('triage/labels')
  @ApiOkResponse({
    type: TriageLabelsResponse,
    description: 'Operators’ corrections, newest first',
  })
  @ApiBadRequestResponse({ description: 'A bad `limit`/`before_id`' })
  labels(@Query() query: TriageLabelsQueryDto): Promise<TriageLabelsResponse> {
    return this.triage.listLabels(query);
  }

  @Post('triage/retrain')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RetrainStatusResponse,
    description:
      'Training started in a worker thread (shipped corpus + corrections); the new model is used ' +
      'only when its figures on the test split are not worse. `GET /admin/triage/retrain` follows it',
  })
  @ApiConflictResponse({ description: 'A retraining is already running' })
  retrain(): Promise<RetrainStatusResponse> {
    return this.triage.retrain();
  }

  @Get('triage/retrain')
  @ApiOkResponse({
    type: RetrainStatusResponse,
    description: 'The latest retraining on this instance',
  })
  retrainStatus(): RetrainStatusResponse {
    return this.triage.retrainStatus();
  }

  @Get('triage/evaluation')
  @ApiOkResponse({ type: TriageEvaluationResponse })
  evaluation(): Promise<TriageEvaluationResponse> {
    return this.triage.evaluate();
  }
}
