// The baseline the purchase path is compared with: a bare Express + mongoose endpoint, run as
// its own process like a service, doing exactly one insert per `POST /api/orders` and nothing
// else (no session, no validation, no ticket lookup, no outbox). MONGO_URI names its database.
import express from 'express';
import mongoose from 'mongoose';

const uri = process.env.MONGO_URI;
const port = Number(process.env.PORT);
if (!uri || !Number.isInteger(port)) throw new Error('the baseline needs MONGO_URI and PORT');

const Entry = mongoose.model(
  'Entry',
  new mongoose.Schema({ ticketId: String, placedAt: Date }, { versionKey: false }),
);

async function main(): Promise<void> {
  await mongoose.connect(uri as string);
  // A fresh collection each run, also on a database server that outlives the run.
  await mongoose.connection.dropDatabase();
  const app = express();
  app.use(express.json());
  app.get('/readyz', (_req, res) => {
    res.sendStatus(204);
  });
  app.post('/api/orders', async (req, res) => {
    const body = req.body as { ticketId?: unknown };
    const entry = await Entry.create({ ticketId: String(body.ticketId), placedAt: new Date() });
    res.status(201).json(entry);
  });
  const server = app.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void mongoose.connection
      .dropDatabase()
      .then(() => mongoose.disconnect())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
