// A stand-in service for service-process.test.ts: it starts, logs and stops as the services do.
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
if (!port) {
  console.error('Invalid configuration: PORT is required');
  process.exit(1);
}

const log = (fields: Record<string, unknown>) => console.log(JSON.stringify(fields));

const server = createServer((_request, response) => response.end('ok'));
server.listen(port, '127.0.0.1', () => {
  log({ msg: 'listening', port, leaked: process.env.TEST_KIT_LEAK ?? null });
});
process.on('SIGTERM', () => {
  server.close(() => {
    log({ step: 'http server', msg: 'closed' });
    process.exit(0);
  });
});
