// Loaded first by every service's entry point (`import './tracing'`), before Express, the
// MongoDB driver or ioredis are: the instrumentations patch those modules as they load. This
// file imports nothing else of common's for that reason.
import type * as OtlpExporter from '@opentelemetry/exporter-trace-otlp-proto';
import type * as Instrumentations from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type * as Express from '@opentelemetry/instrumentation-express';
import type * as Http from '@opentelemetry/instrumentation-http';
import type * as IORedis from '@opentelemetry/instrumentation-ioredis';
import type * as MongoDB from '@opentelemetry/instrumentation-mongodb';
import type * as Resources from '@opentelemetry/resources';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

// Probes and scrapes would be most of the spans and tell nothing.
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

let provider: NodeTracerProvider | undefined;

// OTEL_EXPORTER_OTLP_PROTOCOL: http/protobuf (the default) or http/json; gRPC is not offered.
const exportsJson = (env: NodeJS.ProcessEnv): boolean =>
  (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL) === 'http/json';

/** Whether the environment asks for traces: an OTLP endpoint is named. */
export const tracingRequested = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/**
 * Starts tracing for the service when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: spans of incoming and outgoing HTTP, Express
 * routes, MongoDB commands, Redis commands and events (common's Publisher, Outbox and
 * Listener), batched and exported over OTLP/HTTP: protobuf, or JSON when
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`. `OTEL_SERVICE_NAME` overrides the
 * service's name; the exporter reads the other standard `OTEL_EXPORTER_OTLP_*` variables.
 * Without an endpoint nothing is loaded: the SDK stays out of memory and every span is the
 * API's no-op. Returns whether tracing started.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider || !tracingRequested(env)) return Boolean(provider);
  // Loaded here, not at the top: a service that does not trace never loads them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sdk = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const { OTLPTraceExporter } = (
    exportsJson(env)
      ? require('@opentelemetry/exporter-trace-otlp-http')
      : require('@opentelemetry/exporter-trace-otlp-proto')
  ) as typeof OtlpExporter; // the JSON exporter has the same class and options
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof Instrumentations;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof Http;
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof Express;
  const { MongoDBInstrumentation } =
    require('@opentelemetry/instrumentation-mongodb') as typeof MongoDB;
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof IORedis;
  /* eslint-enable @typescript-eslint/no-require-imports */

  provider = new sdk.NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new sdk.BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  const instrumentations: Instrumentation[] = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) =>
        UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
    }),
    // One span for the route's handler; a span for each middleware and router passed would
    // be most of a request's spans and say little.
    new ExpressInstrumentation({
      ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
    }),
    new MongoDBInstrumentation(),
    new IORedisInstrumentation(),
  ];
  registerInstrumentations({ tracerProvider: provider, instrumentations });
  return true;
}

/** Sends the spans still batched (on shutdown); does nothing when tracing is off. */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}
