// The platform on a real single-node Kubernetes cluster built on this machine: brought up,
// deployed on each event bus, driven through the ingress as a user would, checked against the
// real API server, and taken down, after which the host must be as it was. In order, in one
// file: each step needs the one before.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { verdictLine } from '@ticketing/bench';
import { eventually, runBrowserJourney, runPurchaseJourney, UserAgent } from '@ticketing/test-kit';

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
import { podDeletionDrill } from '../pod-deletion-drill';
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

/** The pods Deployments made (they carry a pod-template-hash label), by name. */
const deploymentPods = async () =>
  (await kubectl(['get', 'pods', '-l', 'pod-template-hash', '-o', 'name']))
    .split('\n')
    .filter(Boolean);

/** The answers whose count grew from `before` to `after`. */
const answeredSince = (before: Record<string, number>, after: Record<string, number>) =>
  Object.keys(after).filter((answer) => (after[answer] ?? 0) > (before[answer] ?? 0));

const journeyThroughIngress = async (runId: string) => {
  const send = ingressFetch(await ingressAddress());
  await runPurchaseJourney({
    newUser: () => new UserAgent(INGRESS_URL, send),
    runId,
    expiryTimeoutMs: 2 * MINUTES,
    expect,
  });
};

/** Scales Deployments and waits for their rollout. */
async function scale(replicas: number, deployments: string[]): Promise<void> {
  await kubectl([
    'scale',
    ...deployments.map((name) => `deployment/${name}`),
    `--replicas=${replicas}`,
  ]);
  for (const name of deployments)
    await kubectl(['rollout', 'status', `deployment/${name}`, '--timeout=5m']);
}

describe.each([
  ['base', 'NATS Streaming', 'nats-streaming'],
  ['jetstream', 'JetStream', 'jetstream'],
] as const)('the %s overlay (%s)', (variant, _bus, transport) => {
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
        journeyThroughIngress(`cluster-${variant}-${Date.now().toString(36)}`),
      ),
    5 * MINUTES,
  );

  it(
    'restarts every Deployment while under steady load, answering every request',
    async () => {
      const load = startSteadyLoad(INGRESS_URL, ingressFetch(await ingressAddress()), LOAD_WORKERS);
      await load.warmedUp.catch(async (error: unknown) => {
        await load.stop().catch(() => undefined);
        throw error;
      });
      const before = await deploymentPods();
      const answersBefore = load.answersSoFar();
      await timed(`rolling restart of every Deployment under load (${variant})`, async () => {
        await kubectl(['rollout', 'restart', 'deployment']);
        for (const deployment of (await kubectl(['get', 'deployments', '-o', 'name'])).split(/\s+/))
          if (deployment) await kubectl(['rollout', 'status', deployment, '--timeout=5m']);
        // The replaced pods drain after their successors are ready: the load runs until
        // the last of them is gone.
        await eventually(
          'the replaced pods to be gone',
          deploymentPods,
          (pods) => !pods.some((pod) => before.includes(pod)),
          2 * MINUTES,
        );
      });
      const report = await load.stop();
      process.stdout.write(
        `rolling restart (${variant}): ${report.requests} requests, ${report.failures.length} failed\n`,
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
    async () => {
      const address = await ingressAddress();
      const result = await timed(`browser journey (${variant})`, () =>
        runBrowserJourney({
          rootDir: repoRoot,
          baseUrl: INGRESS_URL,
          env: {
            CHROMIUM_ARGS: JSON.stringify([`--host-resolver-rules=MAP ticketing.dev ${address}`]),
            IGNORE_HTTPS_ERRORS: '1',
            SCREENSHOT_DIR: mkdtempSync(join(tmpdir(), 'ticketing-cluster-screens-')),
            INGRESS_ADDRESS: address,
          },
          preload: [join(__dirname, '..', 'route-to-ingress.ts')],
        }),
      );
      expect(result).toEqual({
        code: 0,
        last: expect.arrayContaining([expect.stringMatching(/^PASS journey/)]),
      });
    },
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
});

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
