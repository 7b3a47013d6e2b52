import { ApiProperty } from '@nestjs/swagger';
import { UserlikeEventInfo } from 'src/platforms/userlike/userlike-event-info.response';
import { UserlikeEventPacket } from 'src/platforms/userlike/userlike-event-packet.response';

// One triggerable event of Userlike's Chatbot API; the webhook answers with a list of them.
export class UserlikeEvent {
  @ApiProperty({ type: UserlikeEventInfo }) info: UserlikeEventInfo;
  @ApiProperty({ type: UserlikeEventPacket }) packet: UserlikeEventPacket;
}
