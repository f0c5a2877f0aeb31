import { startOtlpReceiver } from '@ticketing/test-kit';

import type { RunOptions } from '../options';
import { LOAD_COLUMNS, loadRow, unexpectedStatuses } from '../report/latency-row';
import { measure, type Row, type Table } from '../report/table';
import { withTarget } from '../target/with-target';
import { placeOrders, type PurchaseSizes } from './purchase';

const WINDOW_SECONDS = 3_600;

// The columns the traced and untraced rows are compared on.
const COMPARED = ['rate', 'p50', 'p95', 'p99'];

/** The traced row ÷ the untraced one, for the rate and the latencies (a row of those columns
 * only, like the purchase table's ratio row); null where the untraced figure is 0. */
function costRow(off: Row, on: Row): Row {
  const ratio = (column: string) =>
    (on.cells[column]?.value ?? Number.NaN) / (off.cells[column]?.value ?? Number.NaN);
  return {
    label: 'traced ÷ untraced',
    cells: Object.fromEntries(
      COMPARED.map((column) => {
        const quotient = ratio(column);
        return [column, measure(Number.isFinite(quotient) ? quotient : null, '×')];
      }),
    ),
  };
}

/**
 * 6. What tracing costs: the purchase path's orders (as in benchmark 1) placed on a local stack
 * that traces nothing, then on one that exports every span over OTLP/HTTP to a receiver on this
 * machine, in the same run. Each gets a fresh stack and fresh tickets.
 */
export async function tracingBenchmark(
  options: RunOptions,
  sizes: PurchaseSizes,
  log: (message: string) => void,
): Promise<Table> {
  const setup = { windowSeconds: WINDOW_SECONDS, buyers: sizes.buyers };
  const receiver = await startOtlpReceiver();
  try {
    log(`tracing: ${sizes.orders} orders by ${sizes.buyers} buyers, tracing off`);
    // The services inherit this process's environment: an endpoint set in the shell is
    // blanked, so that the untraced stack is untraced and the traced one exports here.
    const untraced = {
      ...setup,
      extraEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
    };
    const off = await withTarget(options, untraced, log, ({ context }) =>
      placeOrders(context, sizes),
    );
    log(`tracing: the same on a stack exporting its spans to ${receiver.url}`);
    const traced = {
      ...setup,
      extraEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
    };
    const on = await withTarget(options, traced, log, ({ context }) => placeOrders(context, sizes));
    const rows = [loadRow('tracing off', off.result), loadRow('tracing on, exporting', on.result)];
    const notes = [
      `${sizes.buyers} connections; POST /api/orders: ${sizes.orders} orders, each for its own ` +
        'ticket, first on a stack without tracing, then on a fresh one with it',
      `tracing on: every span of every service exported over OTLP/HTTP (JSON, batched) to a ` +
        `receiver in the bench's own process, which got ${receiver.spans().length} spans in all`,
    ];
    for (const [label, result] of [
      ['tracing off', off.result],
      ['tracing on', on.result],
    ] as const) {
      const odd = unexpectedStatuses(result, 201);
      if (odd) notes.push(`${label}: answered other than 201: ${odd}`);
    }
    return {
      title: `6. Tracing's cost (${sizes.buyers} concurrent buyers)`,
      columns: LOAD_COLUMNS,
      rows: [...rows, costRow(rows[0]!, rows[1]!)],
      notes,
    };
  } finally {
    await receiver.close();
  }
}
