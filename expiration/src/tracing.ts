// The entry point's first import: tracing starts (when OTEL_EXPORTER_OTLP_ENDPOINT is set)
// before Express, the database and Redis clients load, so that their instrumentations apply.
import { startTracing } from '@ticketing/common/tracing';

startTracing('expiration');
