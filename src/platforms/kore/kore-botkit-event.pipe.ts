import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { isKoreBotkitEvent, type KoreBotkitEvent } from 'src/platforms/kore/kore-botkit-event';

// BotKit answers an event it does not know with 404 "Event not found"; so does the gateway.
@Injectable()
export class KoreBotkitEventPipe implements PipeTransform<string, KoreBotkitEvent> {
  transform(value: string): KoreBotkitEvent {
    if (!isKoreBotkitEvent(value)) {
      throw new NotFoundException('unknown BotKit event');
    }
    return value;
  }
}
