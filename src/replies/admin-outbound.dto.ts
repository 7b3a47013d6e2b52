import { ApiProperty } from '@nestjs/swagger';
import { IsRowId } from 'src/common/validation/is-row-id.decorator';
import { OneOrMoreOf } from 'src/common/validation/one-or-more-of.decorator';
import { PageQueryDto } from 'src/common/validation/page-query.dto';
import { Platform } from 'src/core/inbound-message';
import { OutboundStatus } from 'src/core/outbound-status';

/** The sends that ended without reaching the user: what `GET /admin/outbound` lists. */
export const DEAD_LETTER_STATUSES = [OutboundStatus.Failed, OutboundStatus.NeedsTemplate];

export class AdminOutboundQueryDto extends PageQueryDto {
  @OneOrMoreOf(
    DEAD_LETTER_STATUSES,
    'Only sends in these states (both when left out)',
    OutboundStatus.Failed,
  )
  status?: OutboundStatus[];

  @OneOrMoreOf(Object.values(Platform), 'Only sends through these platforms', Platform.WhatsApp)
  platform?: Platform[];
}

export class OutboundIdParamsDto {
  @ApiProperty({ type: 'integer', minimum: 1, example: 42, description: 'The outbound row' })
  @IsRowId()
  id: number;
}
