import type {
  BusSubject,
  EventBus,
  PublishOptions,
  StoredMessage,
  Subjects,
  SubscribeOptions,
} from '@ticketing/common';

/** A real bus whose first `failures` publishes reject, as when its server does not answer in
 * time. Everything else goes straight to the real bus. */
export class FailingPublishes implements EventBus {
  readonly transport: EventBus['transport'];
  publishes = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly failures: number,
  ) {
    this.transport = bus.transport;
  }

  async publish(subject: Subjects, data: string | Uint8Array, options: PublishOptions) {
    this.publishes++;
    if (this.publishes <= this.failures) {
      throw new Error(`publish ${this.publishes} timed out (injected)`);
    }
    await this.bus.publish(subject, data, options);
  }

  subscribe(options: SubscribeOptions): Promise<void> {
    return this.bus.subscribe(options);
  }

  read(subject: BusSubject): Promise<StoredMessage[]> {
    return this.bus.read(subject);
  }

  close(): Promise<void> {
    return this.bus.close();
  }

  closed(): Promise<Error | undefined> {
    return this.bus.closed();
  }

  isConnected(): boolean {
    return this.bus.isConnected();
  }
}
