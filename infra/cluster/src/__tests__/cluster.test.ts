// The platform on a real single-node Kubernetes cluster built on this machine: brought up,
// deployed on each event bus, driven through the ingress as a user would, checked against the
// real API server, and taken down, after which the host must be as it was. In order, in one
// file: each step needs the one before.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { verdictLine } from '@ticketing/bench';
import { eventually } from '@ticketing/test-kit';

import {
  applyManifestsScript,
  cluster,
  figures,
  kubectl,
  render,
  repoRoot,
  timed,
} from '../cluster-cli';
import { hostDifferences, snapshotHost } from '../host';
import { INGRESS_URL, ingressAddress, ingressFetch } from '../ingress';
import { browserJourneyThroughIngress, purchaseJourneyThroughIngress } from '../journeys';
import { podDeletionDrill } from '../pod-deletion-drill';
import { restartEveryDeployment, scale } from '../rollouts';
import { startSteadyLoad } from '../steady-load';

const MINUTES = 60_000;
const overlaysDir = join(repoRoot, 'infra', 'k8s', 'overlays');

let hostBefore: string;

beforeAll(async () => {
  hostBefore = await snapshotHost();
  await cluster(['up']);
}, 10 * MINUTES);

// Whatever failed above, the cluster goes and the host is put back; then the figures.
afterAll(async () => {
  await cluster(['down']).catch(() => undefined);
  process.stdout.write(`\nFigures of this run:\n${figures()}`);
}, 5 * MINUTES);

// Each worker is a seller and a buyer going round: list, order, pay, read.
const LOAD_WORKERS = 4;

/** The answers whose count grew from `before` to `after`. */
const answeredSince = (before: Record<string, number>, after: Record<string, number>) =>
  Object.keys(after).filter((answer) => (after[answer] ?? 0) > (before[answer] ?? 0));

const browserJourneyPasses = async (variant: string) =>
  expect(await timed(`browser journey (${variant})`, browserJourneyThroughIngress)).toEqual({
    code: 0,
    last: expect.arrayContaining([expect.stringMatching(/^PASS journey/)]),
  });

/** Every check of one overlay: deployed, journeys through the ingress, faults under load. */
const overlayChecks =
  (variant: 'base' | 'jetstream', transport: Parameters<typeof podDeletionDrill>[0]) => () => {
    it(
      'rolls out every Deployment and StatefulSet',
      async () => {
        await cluster(['deploy', variant]);
        const notReady = await kubectl([
          'get',
          'deployments,statefulsets',
          '-A',
          '-o',
          'jsonpath={range .items[?(@.status.readyReplicas!=@.spec.replicas)]}{.kind}/{.metadata.name} {end}',
        ]);
        expect(notReady.trim()).toBe('');
        // No image was ever pulled: every one was built here and imported.
        const pulls = await kubectl([
          'get',
          'events',
          '-A',
          '--field-selector',
          'reason=Pulling',
          '-o',
          'name',
        ]);
        expect(pulls.trim()).toBe('');
      },
      15 * MINUTES,
    );

    it(
      'sells, reserves, expires, sells again and completes a ticket through the ingress over HTTPS',
      () =>
        timed(`HTTP journey (${variant})`, () =>
          purchaseJourneyThroughIngress(
            `cluster-${variant}-${Date.now().toString(36)}`,
            2 * MINUTES,
            expect,
          ),
        ),
      5 * MINUTES,
    );

    it(
      'restarts every Deployment, the ingress controller too, under steady load, answering every request',
      async () => {
        const load = startSteadyLoad(
          INGRESS_URL,
          ingressFetch(await ingressAddress()),
          LOAD_WORKERS,
        );
        await load.warmedUp.catch(async (error: unknown) => {
          await load.stop().catch(() => undefined);
          throw error;
        });
        const answersBefore = load.answersSoFar();
        await timed(`rolling restart of every Deployment under load (${variant})`, () =>
          restartEveryDeployment(2 * MINUTES),
        ).catch(async (error: unknown) => {
          await load.stop().catch(() => undefined);
          throw error;
        });
        const report = await load.stop();
        process.stdout.write(
          `rolling restart (${variant}): ${report.requests} requests, ${report.failures.length} failed, ` +
            `${report.resent.length} resent after the server closed a kept-alive connection ` +
            `(${report.resent.join(', ') || 'none'})\n`,
        );

        expect(report.failures).toEqual([]);
        // Every route kept answering through the restart, not only before it.
        expect(answeredSince(answersBefore, report.answers)).toEqual(
          expect.arrayContaining([
            'POST /api/tickets 201',
            'POST /api/orders 201',
            'POST /api/payments 201',
            'GET /api/tickets 200',
            'GET /api/users/currentuser 200',
            'GET / 200',
          ]),
        );
      },
      10 * MINUTES,
    );

    it(
      'takes a seller and a buyer through the marketplace in Chromium, through the ingress',
      () => browserJourneyPasses(variant),
      5 * MINUTES,
    );

    it(
      'deletes a pod of each service while buyers order and pay, orders and tickets at two replicas, losing and repeating nothing',
      async () => {
        const scaled = ['orders-depl', 'tickets-depl'];
        await scale(2, scaled);
        try {
          const report = await timed(`a pod of each service deleted under load (${variant})`, () =>
            podDeletionDrill(transport, (message) => process.stdout.write(`[drill] ${message}\n`)),
          );
          process.stdout.write(`${verdictLine(report)}\n`);
          // The reasons are in the comparison so that a failure says what was lost or doubled.
          expect({
            lost: report.lost,
            duplicates: report.duplicates,
            unclear: report.unclear,
            reasons: report.reasons,
          }).toEqual({ lost: 0, duplicates: 0, unclear: 0, reasons: [] });
          expect(report.counts['pods deleted']).toBe(5);
          expect(report.counts['orders complete']).toBeGreaterThan(0);
          expect(report.counts['orders cancelled']).toBeGreaterThan(0);
        } finally {
          await scale(1, scaled);
        }
      },
      20 * MINUTES,
    );
  };

/** A Gateway condition's status ("True", "False", or "" while not yet reported). */
const gatewayCondition = (resource: string, path: string) =>
  kubectl(['get', resource, '-o', `jsonpath={${path}}`]).then((status) => status.trim());

describe('the base overlay (NATS Streaming)', overlayChecks('base', 'nats-streaming'));

// Deployed over the base: the same application and stores, routed by a Gateway and an
// HTTPRoute instead of the Ingress. The journeys show that both routes and the client's
// server-side calls follow; the faults under load are the application's, checked above.
describe('the gateway overlay (the Gateway API instead of the Ingress)', () => {
  it(
    'replaces the Ingress with a Gateway and an HTTPRoute that Traefik programs',
    async () => {
      await cluster(['deploy', 'gateway']);
      expect((await kubectl(['get', 'ingress', '-A', '-o', 'name'])).trim()).toBe('');
      const reports = [
        ['the Gateway', 'gateway/ticketing', '.status.conditions[?(@.type=="Programmed")]'],
        [
          'its HTTPS listener',
          'gateway/ticketing',
          '.status.listeners[?(@.name=="https")].conditions[?(@.type=="Programmed")]',
        ],
        [
          'the HTTPRoute',
          'httproute/ticketing',
          '.status.parents[0].conditions[?(@.type=="Accepted")]',
        ],
      ] as const;
      for (const [what, resource, condition] of reports) {
        await eventually(
          `${what} to be reported ready by Traefik`,
          () => gatewayCondition(resource, `${condition}.status`),
          (status) => status === 'True',
          MINUTES,
        );
      }
    },
    10 * MINUTES,
  );

  it(
    'sells, reserves, expires, sells again and completes a ticket through the Gateway over HTTPS',
    () =>
      timed('HTTP journey (gateway)', () =>
        purchaseJourneyThroughIngress(
          `cluster-gateway-${Date.now().toString(36)}`,
          2 * MINUTES,
          expect,
        ),
      ),
    5 * MINUTES,
  );

  it(
    'takes a seller and a buyer through the marketplace in Chromium, through the Gateway',
    () => browserJourneyPasses('gateway'),
    5 * MINUTES,
  );
});

describe('the jetstream overlay (JetStream)', overlayChecks('jetstream', 'jetstream'));

describe('against the real API server', () => {
  it(
    'admits every overlay in a server-side dry run',
    async () => {
      const refused: string[] = [];
      for (const overlay of readdirSync(overlaysDir)) {
        const manifests = await render(join(overlaysDir, overlay));
        await kubectl(
          ['apply', '--server-side', '--force-conflicts', '--dry-run=server', '-f', '-'],
          manifests,
        ).catch((error: Error) => refused.push(`${overlay}: ${error.message}`));
      }
      expect(refused).toEqual([]);
    },
    5 * MINUTES,
  );

  it('enforces the restricted Pod Security profile where the application runs', async () => {
    const labels = await kubectl([
      'get',
      'namespace',
      'default',
      '-o',
      'jsonpath={.metadata.labels}',
    ]);
    expect(JSON.parse(labels)).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    // The control: a pod that runs as root is refused, so the running ones were checked.
    const refusal = await kubectl([
      'run',
      'root-control',
      '--image=localhost/ticketing-stand-in/debian:bookworm',
      '--restart=Never',
      '--dry-run=server',
    ]).catch((error: Error) => error.message);
    expect(refusal).toMatch(/violates PodSecurity "restricted/);
  });
});

const deploymentImages = async () =>
  (
    await kubectl([
      'get',
      'deployments',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.template.spec.containers[0].image}{"\\n"}{end}',
    ])
  )
    .trim()
    .split('\n');

describe('the deploy workflow', () => {
  it(
    'applies the manifests keeping the image every Deployment runs',
    async () => {
      const before = await deploymentImages();
      expect(before.length).toBeGreaterThanOrEqual(6);

      await applyManifestsScript(
        join(overlaysDir, 'local-cluster-jetstream'),
        'localhost/ticketing',
      );

      expect(await deploymentImages()).toEqual(before);
    },
    5 * MINUTES,
  );
});

describe('after down', () => {
  it(
    'leaves the host as it was before up',
    async () => {
      await cluster(['down']);
      const after = await snapshotHost();
      expect(await hostDifferences(hostBefore, after)).toEqual([]);
    },
    5 * MINUTES,
  );
});
