import type { Transport } from '@ticketing/dev-stack';

/** Where one durable subscription (a queue group on one subject) stands. */
export interface GroupBacklog {
  /** `<queue group> <subject>`, e.g. `tickets-service order:created`. */
  group: string;
  /** Events published that the group has not acknowledged yet (sent or not). */
  unacked: number;
  /** Grows as the group acknowledges events: whether it is getting anywhere. */
  handled: number;
}

// The parts of each server's monitoring answer read here.
interface JszAnswer {
  account_details?: {
    stream_detail?: {
      consumer_detail?: {
        name: string;
        config?: { filter_subject?: string };
        num_pending: number;
        num_ack_pending: number;
        ack_floor: { stream_seq: number };
      }[];
    }[];
  }[];
}

interface ChannelszAnswer {
  channels?: {
    name: string;
    last_seq: number;
    subscriptions?: {
      queue_name?: string;
      durable_name?: string;
      client_id: string;
      last_sent: number;
      pending_count: number;
    }[];
  }[];
}

async function fetchJson<T>(url: string): Promise<T> {
  const reply = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!reply.ok) throw new Error(`${url} answered ${reply.status}`);
  return (await reply.json()) as T;
}

/** JetStream: a durable consumer per (group, subject), named `<group>__<subject as a name>`. */
async function jetStreamBacklog(monitorUrl: string): Promise<GroupBacklog[]> {
  const answer = await fetchJson<JszAnswer>(
    `${monitorUrl}/jsz?accounts=true&streams=true&consumers=true&config=true`,
  );
  return (answer.account_details ?? [])
    .flatMap((account) => account.stream_detail ?? [])
    .flatMap((stream) => stream.consumer_detail ?? [])
    .map((consumer) => ({
      group: `${consumer.name.split('__')[0]} ${consumer.config?.filter_subject ?? ''}`,
      unacked: consumer.num_pending + consumer.num_ack_pending,
      handled: consumer.ack_floor.stream_seq,
    }));
}

/** NATS Streaming: a durable queue subscription per channel; every member of a group reports
 * how far the group has sent, and its own messages in flight. */
async function streamingBacklog(monitorUrl: string): Promise<GroupBacklog[]> {
  const answer = await fetchJson<ChannelszAnswer>(`${monitorUrl}/streaming/channelsz?subs=1`);
  return (answer.channels ?? []).flatMap((channel) => {
    const groups = new Map<string, { sent: number; inFlight: number }>();
    for (const sub of channel.subscriptions ?? []) {
      const name = (sub.queue_name ?? sub.durable_name ?? sub.client_id).replace(/^.*:/, '');
      const seen = groups.get(name) ?? { sent: 0, inFlight: 0 };
      groups.set(name, {
        sent: Math.max(seen.sent, sub.last_sent),
        inFlight: seen.inFlight + sub.pending_count,
      });
    }
    return [...groups].map(([name, { sent, inFlight }]) => ({
      group: `${name} ${channel.name}`,
      unacked: channel.last_seq - sent + inFlight,
      handled: sent - inFlight,
    }));
  });
}

/** Reads every durable subscription's backlog off the bus server's monitoring port. */
export const readBacklog = (transport: Transport, monitorUrl: string): Promise<GroupBacklog[]> =>
  transport === 'jetstream' ? jetStreamBacklog(monitorUrl) : streamingBacklog(monitorUrl);
