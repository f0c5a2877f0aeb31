import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  DiscardPolicy,
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

/**
 * The stream's bounds, as NATS Streaming's `--max_bytes` bounds each of its channels:
 * - at most 1 GiB (the JetStream volume holds 2 GiB, and the server lets streams take 75% of
 *   its free space), the oldest events dropped first: only a consumer that many events behind
 *   would miss one;
 * - a publish repeated within 10 minutes is stored once: longer than the outbox relay's
 *   takeover (5 s) and its longest wait between attempts (5 minutes), so the relay's repeat of
 *   a change whose writer published it is dropped here, not only by the listeners' versions.
 */
export const STREAM_LIMITS = {
  max_bytes: 1024 ** 3,
  discard: DiscardPolicy.Old,
  duplicate_window: nanos(10 * 60_000),
} as const;

/** Creates the stream on file storage with `STREAM_LIMITS`, or brings an existing one to them
 * and adds the subjects it does not cover yet. */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
): Promise<void> {
  let current: Awaited<ReturnType<JetStreamManager['streams']['info']>>['config'];
  try {
    current = (await jsm.streams.info(name)).config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add({ name, subjects, storage: StorageType.File, ...STREAM_LIMITS });
    return;
  }
  const missing = subjects.filter((subject) => !current.subjects.includes(subject));
  const limitsDiffer = Object.entries(STREAM_LIMITS).some(
    ([key, value]) => current[key as keyof typeof STREAM_LIMITS] !== value,
  );
  if (missing.length > 0 || limitsDiffer) {
    await jsm.streams.update(name, {
      ...STREAM_LIMITS,
      subjects: [...current.subjects, ...missing],
    });
  }
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
