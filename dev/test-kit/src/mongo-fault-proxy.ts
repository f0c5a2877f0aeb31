import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/** A command as the proxy sees it in a request: its name and the collection it names. */
export interface CommandMatch {
  command: string;
  collection: string;
}

/** Which requests' replies `cutReplies` drops: every `every`-th request (counted over all
 * connections) that runs one of `commands` on one of `collections`. */
export interface ReplyCutRule {
  commands: readonly string[];
  collections: readonly string[];
  every: number;
}

/** A `cutReplies` in progress. */
export interface ReplyCutting {
  /** Requests that matched the rule so far. */
  readonly matched: number;
  /** Replies dropped so far (a chosen request's reply may still be on its way). */
  readonly cut: number;
  /** Chooses no more requests; returns how many replies were cut. */
  stop(): number;
}

export interface MongoFaultProxy {
  /** The server's URI, rewritten to connect through the proxy. */
  uri: string;
  /**
   * Lets the next request that runs `command` on `collection` reach the server, then drops the
   * server's reply and resets the client's connection: what a client sees when a connection
   * fails after a write landed (a standalone server has no retryable writes). Resolves once
   * the reply has been dropped.
   */
  cutReplyTo(match: CommandMatch): Promise<void>;
  /**
   * Until stopped, cuts the reply to every `every`-th matching request as `cutReplyTo` does
   * one: on any connection, each cut resetting the connection it was on.
   */
  cutReplies(rule: ReplyCutRule): ReplyCutting;
  close(): Promise<void>;
}

const OP_MSG = 2013;
const BSON_STRING = 0x02;

/** The command of an OP_MSG (its body document's first field, whose value is the collection). */
function commandOf(message: Buffer): CommandMatch | undefined {
  // Header (16 bytes: length, requestID, responseTo, opCode), flagBits (4), then the body
  // section: kind 0, a BSON document (its length, then the first field's type and name).
  if (message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return undefined;
  const type = message[25];
  const nameEnd = message.indexOf(0, 26);
  if (type !== BSON_STRING || nameEnd < 0) return undefined;
  const valueLength = message.readInt32LE(nameEnd + 1);
  return {
    command: message.toString('utf8', 26, nameEnd),
    collection: message.toString('utf8', nameEnd + 5, nameEnd + 4 + valueLength),
  };
}

/** Splits a stream of wire-protocol messages (each starts with its length) into messages. */
function messages(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      onMessage(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  };
}

/** Decides, for each request that reaches the server, whether its reply is to be cut. */
interface CutRule {
  /** True when this request's reply is to be cut (called once per matching request). */
  claims(command: CommandMatch): boolean;
  /** The reply was dropped and the connection reset. */
  cut(): void;
}

function oneCut(match: CommandMatch, rules: Set<CutRule>, done: () => void): CutRule {
  const rule: CutRule = {
    claims: (command) => {
      if (command.command !== match.command || command.collection !== match.collection)
        return false;
      rules.delete(rule);
      return true;
    },
    cut: done,
  };
  return rule;
}

function everyNthCut(rule: ReplyCutRule, rules: Set<CutRule>): ReplyCutting {
  if (!Number.isInteger(rule.every) || rule.every < 1)
    throw new Error('cutReplies: every must be a whole number ≥ 1');
  let matched = 0;
  let cut = 0;
  const cutter: CutRule = {
    claims: (command) => {
      if (
        !rule.commands.includes(command.command) ||
        !rule.collections.includes(command.collection)
      )
        return false;
      matched += 1;
      return matched % rule.every === 0;
    },
    cut: () => {
      cut += 1;
    },
  };
  rules.add(cutter);
  return {
    get matched() {
      return matched;
    },
    get cut() {
      return cut;
    },
    stop: () => {
      rules.delete(cutter);
      return cut;
    },
  };
}

/**
 * A TCP proxy in front of the MongoDB-compatible server at `targetUri` (one host), which
 * forwards every message unchanged until told to cut a reply. A real server behind a real
 * connection failure: the driver under test cannot tell it from a network fault.
 */
export async function startMongoFaultProxy(targetUri: string): Promise<MongoFaultProxy> {
  const target = new URL(targetUri);
  const rules = new Set<CutRule>();
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 27017), target.hostname);
    sockets.add(client).add(upstream);
    // requestID of the request whose reply is to be dropped, and the rule that chose it.
    let cutting: { requestId: number; rule: CutRule } | undefined;

    client.on(
      'data',
      messages((message) => {
        const command = commandOf(message);
        if (command && !cutting) {
          const rule = [...rules].find((candidate) => candidate.claims(command));
          if (rule) cutting = { requestId: message.readInt32LE(4), rule };
        }
        upstream.write(message);
      }),
    );
    upstream.on(
      'data',
      messages((message) => {
        if (cutting && message.readInt32LE(8) === cutting.requestId) {
          client.resetAndDestroy();
          upstream.destroy();
          cutting.rule.cut();
          return;
        }
        client.write(message);
      }),
    );
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const uri = new URL(targetUri);
  uri.hostname = '127.0.0.1';
  uri.port = String(port);
  // The driver keeps to the proxy rather than to the hosts the server reports.
  uri.searchParams.set('directConnection', 'true');

  return {
    uri: uri.toString(),
    cutReplyTo: (match) => new Promise<void>((resolve) => rules.add(oneCut(match, rules, resolve))),
    cutReplies: (rule) => everyNthCut(rule, rules),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
