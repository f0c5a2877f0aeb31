import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  type JetStreamManager,
  nanos,
  NatsError,
  StorageType,
} from 'nats';

// Consumer-wide (shared by every replica of a group); each replica also pulls at most its
// maxInFlight at a time. A bound keeps a stuck group from holding the whole backlog.
const MAX_ACK_PENDING = 1_000;

const isNotFound = (error: unknown): boolean =>
  error instanceof NatsError && error.api_error?.code === 404;

/** A durable name per (queue group, subject): NATS names may not contain `.`, `*`, `>`,
 * whitespace or (for file storage on some systems) `:`, so anything unusual becomes `_`. */
export const durableName = (queueGroup: string, subject: string): string =>
  `${queueGroup}__${subject}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** Creates the stream on file storage, or adds subjects it does not cover yet. */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
): Promise<void> {
  let current: string[];
  try {
    current = (await jsm.streams.info(name)).config.subjects;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add({ name, subjects, storage: StorageType.File });
    return;
  }
  const missing = subjects.filter((subject) => !current.includes(subject));
  if (missing.length > 0) await jsm.streams.update(name, { subjects: [...current, ...missing] });
}

export interface ConsumerSpec {
  stream: string;
  durable: string;
  subject: string;
  ackWaitMs: number;
}

/** Creates the durable pull consumer, or brings its ack-wait up to date. Replicas of a group
 * share it, which is what makes them a queue group. */
export async function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  const wanted: Partial<ConsumerConfig> = {
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: MAX_ACK_PENDING,
  };
  let current: ConsumerConfig;
  try {
    current = (await jsm.consumers.info(spec.stream, spec.durable)).config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(spec.stream, {
      ...wanted,
      durable_name: spec.durable,
      filter_subject: spec.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    return;
  }
  if (current.ack_wait !== wanted.ack_wait || current.max_ack_pending !== MAX_ACK_PENDING) {
    await jsm.consumers.update(spec.stream, spec.durable, wanted);
  }
}
