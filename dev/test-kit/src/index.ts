export { type CapturedLogs, captureLogs, linesWith, type LogLine } from './capture-logs';
export { seriesTotal, seriesValue } from './metrics-text';
export { startMongoForTests, stopMongoForTests } from './mongo-server';
export { closedSteps, type ServiceProcess, startServiceProcess } from './service-process';
export { connectTestBus, publishEvent, recordEvents, transports } from './test-bus';
export { createTestDatabase, type TestDatabase, useTestDatabase } from './test-database';
export { waitFor } from './wait-for';
// A loopback port nothing listens on: the one dev-infra picks for the servers it starts.
export { type BrowserJourneyOptions, runBrowserJourney } from './browser-journey';
export { eventually } from './eventually';
export {
  type CommandMatch,
  type MongoFaultProxy,
  type ReplyCutRule,
  type ReplyCutting,
  startMongoFaultProxy,
} from './mongo-fault-proxy';
export { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver';
export { type JourneyOptions, runPurchaseJourney } from './purchase-journey';
export { type Fault, type FaultRule } from './stripe-ledger/faults';
export {
  type IntentStatus,
  type LedgerIntent,
  type LedgerRefund,
  type StandingCharges,
  StripeLedger,
} from './stripe-ledger/ledger';
export {
  startStripeLedgerProxy,
  type StripeLedgerProxy,
} from './stripe-ledger/stripe-ledger-proxy';
export { type Fetch, UserAgent } from './user-agent';
export { freePort as unusedPort } from '@ticketing/dev-infra';
