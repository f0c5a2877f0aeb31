import type { IncomingMessage } from 'node:http';

/** Requests whose path starts with `path` (and, if given, of that method), `times` times. */
export interface FaultRule {
  path: string;
  method?: string;
  times: number;
}

export interface Fault {
  /** Requests it has struck so far. */
  readonly struck: number;
  /** Strikes no more. */
  clear(): void;
}

export type FaultKind = 'drop' | 'fail' | 'delay';

interface ActiveFault extends FaultRule {
  kind: FaultKind;
  ms: number;
  struck: number;
}

/** The faults a test asked for, each striking the requests it matches until it is spent. */
export class Faults {
  private readonly active: ActiveFault[] = [];

  add(kind: FaultKind, rule: FaultRule, ms = 0): Fault {
    const fault: ActiveFault = { ...rule, kind, ms, struck: 0 };
    this.active.push(fault);
    return {
      get struck() {
        return fault.struck;
      },
      clear: () => {
        fault.times = fault.struck;
      },
    };
  }

  /** The first unspent fault of `kind` matching the request, counted as struck. */
  strike(kind: FaultKind, req: IncomingMessage): { ms: number } | undefined {
    const fault = this.active.find(
      (each) =>
        each.kind === kind &&
        each.struck < each.times &&
        (req.url ?? '').startsWith(each.path) &&
        (!each.method || each.method === req.method),
    );
    if (fault) fault.struck += 1;
    return fault;
  }
}
