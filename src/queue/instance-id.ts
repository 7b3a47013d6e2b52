import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';

/** This gateway instance's name on the leases it takes (`webhook_messages.locked_by`). */
@Injectable()
export class InstanceId {
  readonly value = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
