/**
 * Runbooks at the issue's scale: N repositories × M Markdown runbooks
 * (default 1,000 × 10: per-service runbooks of 4–20 KB and per-alert ones of
 * 1–4 KB, generated from a seeded random generator so runs repeat) served by
 * the fake GitHub over HTTP, read by the runbooks backend
 * (plugins/runbooks-backend) into the local PostgreSQL through Backstage's
 * GitHub URL reader. Prints, over HTTP on the started backend:
 *
 * 1. full index (`POST /api/runbooks/refresh`): wall time, runbooks stored,
 *    GitHub requests (by route), runbooks/s;
 * 2. an unchanged re-index: wall time, GitHub requests;
 * 3. incremental update of one changed repository (`POST /refresh
 *    {entityRef}`), 20 times: p50/p95/max, and that the change is found;
 * 4. search: 1,000 queries (`GET /api/runbooks/search`) p50/p95/max, beside
 *    the upstream equivalent — Backstage search's PostgreSQL engine
 *    (`PgSearchEngine` of @backstage/plugin-search-backend-module-pg, in its
 *    own database on the same server) indexing the same runbooks and running
 *    the same terms (and filters) through `engine.query`;
 * 5. alert resolution (`GET /api/runbooks/alerts/<name>`): 1,000 lookups,
 *    p50/p95/max.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/runbooks.ts [repositories] [runbooksPerRepository]
 *
 * BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432.
 * BENCH_RUNBOOKS_CONCURRENCY sets `runbooks.concurrency` (default: the
 * plugin's). BENCH_KEEP_DATABASES=1 keeps the databases for EXPLAIN.
 */
import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import {
  FakeGithubRepo,
  FakeGithubRequest,
  startFakeGithub,
} from '@internal/fake-cloud';
import runbooksPlugin from '@internal/plugin-runbooks-backend';
import knexFactory, { Knex } from 'knex';
import http from 'node:http';
import { AddressInfo } from 'node:net';

const TOKEN = 'bench-token';
const ORG = 'acme-shop';
const SEED = 20261129;
const SAMPLES = 1000;
const WARMUP = 20;
const INCREMENTAL_SAMPLES = 20;
const AUTH = mockCredentials.user.header();

// ---------------------------------------------------------------- randomness

type Rng = {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  shuffle<T>(items: readonly T[]): T[];
};

/** mulberry32: small, fast, and the same sequence for the same seed. */
function seeded(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: items => items[Math.floor(next() * items.length)],
    chance: p => next() < p,
    shuffle: items => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
}

// ---------------------------------------------------------------- vocabulary

const DOMAINS = [
  'checkout',
  'cart',
  'payment',
  'inventory',
  'search',
  'pricing',
  'loyalty',
  'shipping',
  'returns',
  'catalog',
  'identity',
  'notification',
  'recommendation',
  'fraud',
  'ledger',
  'billing',
  'invoice',
  'tax',
  'warehouse',
  'routing',
  'promotion',
  'review',
  'media',
  'session',
  'profile',
  'subscription',
  'refund',
  'order',
  'fulfilment',
  'supplier',
  'analytics',
  'audit',
  'consent',
  'address',
  'voucher',
  'giftcard',
  'wishlist',
  'forecast',
  'assortment',
  'storefront',
] as const;

const ROLES = [
  'api',
  'service',
  'worker',
  'gateway',
  'scheduler',
  'indexer',
  'sync',
  'processor',
  'store',
  'consumer',
  'publisher',
  'exporter',
  'importer',
  'cache',
  'proxy',
  'engine',
  'reconciler',
  'aggregator',
  'notifier',
  'validator',
  'orchestrator',
  'adapter',
  'bff',
  'cron',
  'stream',
] as const;

const SQUAD_WORDS = [
  'aurora',
  'basalt',
  'comet',
  'delta',
  'ember',
  'fjord',
  'granite',
  'harbour',
  'indigo',
  'juniper',
  'kestrel',
  'lagoon',
  'meteor',
  'nimbus',
  'onyx',
  'pioneer',
  'quartz',
  'raven',
  'summit',
  'tundra',
  'umber',
  'vortex',
  'willow',
  'xenon',
  'yarrow',
];

const GROUPS = Array.from(
  { length: 50 },
  (_, i) => `${SQUAD_WORDS[i % 25]}-${i < 25 ? 'squad' : 'platform'}`,
);

const SYSTEMS = [
  'storefront',
  'checkout',
  'payments',
  'fulfilment',
  'identity',
  'catalogue',
  'search',
  'marketing',
  'finance',
  'logistics',
  'customer-care',
  'data-platform',
  'messaging',
  'pricing',
  'loyalty',
  'supply-chain',
  'content',
  'compliance',
  'observability',
  'edge',
];

const DATASTORES = [
  'postgres',
  'postgres',
  'postgres',
  'mysql',
  'mongodb',
  'dynamodb',
  'cassandra',
  'elasticsearch',
] as const;
const MESSAGING = ['kafka', 'kafka', 'rabbitmq', 'sqs', 'pubsub'] as const;
const CACHES = ['redis', 'redis', 'memcached'] as const;

const VENDORS = [
  { name: 'Stripe', what: 'card payments', contact: 'support@stripe.example' },
  { name: 'Adyen', what: 'payment processing', contact: 'care@adyen.example' },
  { name: 'Twilio', what: 'SMS delivery', contact: 'help@twilio.example' },
  {
    name: 'SendGrid',
    what: 'transactional email',
    contact: 'ops@sendgrid.example',
  },
  {
    name: 'Cloudflare',
    what: 'CDN and DNS',
    contact: 'enterprise@cloudflare.example',
  },
  { name: 'Akamai', what: 'edge caching', contact: 'noc@akamai.example' },
  {
    name: 'Confluent Cloud',
    what: 'managed Kafka',
    contact: 'support@confluent.example',
  },
  {
    name: 'Redis Cloud',
    what: 'managed Redis',
    contact: 'support@redis.example',
  },
  {
    name: 'Elastic Cloud',
    what: 'managed Elasticsearch',
    contact: 'support@elastic.example',
  },
  {
    name: 'Aiven',
    what: 'managed PostgreSQL',
    contact: 'support@aiven.example',
  },
  {
    name: 'AWS Support',
    what: 'the AWS account (Enterprise plan)',
    contact: 'the AWS console, severity "Business-critical system down"',
  },
  { name: 'DHL', what: 'parcel tracking', contact: 'api-support@dhl.example' },
  {
    name: 'Avalara',
    what: 'tax calculation',
    contact: 'support@avalara.example',
  },
  {
    name: 'Algolia',
    what: 'hosted search',
    contact: 'support@algolia.example',
  },
] as const;

const INCIDENT_CAUSES = [
  'a connection leak introduced by a library upgrade',
  'a schema migration that locked a hot table',
  'an expired intermediate certificate',
  'a noisy neighbour on the shared node pool',
  'a retry storm after the upstream recovered',
  'a misconfigured HPA after the node pool change',
  'a Kafka partition reassignment during peak',
  'a bad feature flag rollout',
  'DNS TTLs too long after the load balancer moved',
  'a memory regression in the JSON serializer',
  'a vendor outage that lasted longer than our timeouts assumed',
  'disk pressure from unrotated debug logs',
];

const FOLLOW_UPS = [
  'alert on pool saturation above 80%',
  'add a canary stage to the deploy pipeline',
  'move certificate renewal to cert-manager',
  'cap retries with jitter and a budget',
  'split the batch job into smaller transactions',
  'add a synthetic check from two regions',
  'document the kill switch in this runbook',
  'lower the DNS TTL to 60 seconds',
  'set memory limits from the p99 of last month',
  'page the vendor through their P1 line, not email',
];

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// ---------------------------------------------------------------- services

type Service = {
  index: number;
  name: string;
  camel: string;
  title: string;
  domain: string;
  namespace: string;
  owner: string;
  system: string;
  datastore?: string;
  messaging?: string;
  cache?: string;
  vendors: (typeof VENDORS)[number][];
  host: string;
};

const camelOf = (name: string) =>
  name
    .split('-')
    .map(word => word[0].toUpperCase() + word.slice(1))
    .join('');

function service(index: number, rng: Rng): Service {
  // (index % 40, (16a + b) % 25) is a bijection over the first 1,000.
  const a = Math.floor(index / 40) % 25;
  const b = index % 40;
  const domain = DOMAINS[b];
  const role = ROLES[(16 * a + b) % 25];
  const copy = Math.floor(index / 1000);
  const name = `${domain}-${role}${copy ? `-${copy + 1}` : ''}`;
  return {
    index,
    name,
    camel: camelOf(name),
    title: name
      .split('-')
      .map(w => w[0].toUpperCase() + w.slice(1))
      .join(' '),
    domain,
    namespace: domain,
    owner: GROUPS[(b * 7 + a) % GROUPS.length],
    system: SYSTEMS[b % SYSTEMS.length],
    datastore: rng.chance(0.9) ? rng.pick(DATASTORES) : undefined,
    messaging: rng.chance(0.6) ? rng.pick(MESSAGING) : undefined,
    cache: rng.chance(0.6) ? rng.pick(CACHES) : undefined,
    vendors: rng.shuffle(VENDORS).slice(0, rng.int(1, 3)),
    host: `${name}.${domain}.acme-shop.example`,
  };
}

// ---------------------------------------------------------------- scenarios

type Scenario = {
  /** Part of the alert name after the service: `<ServiceCamel><symptom>`. */
  symptom: string;
  title: string;
  meaning: string;
  impact: string;
  diagnosis: string[];
  remediation: string[];
  /** A shared alert name some services use for this scenario instead. */
  shared?: string;
};

const code = (text: string) => `\`${text}\``;

function scenarios(s: Service, rng: Rng): Scenario[] {
  const ns = s.namespace;
  const deploy = `deployment/${s.name}`;
  const list: Scenario[] = [
    {
      symptom: 'PodCrashLooping',
      shared: 'KubePodCrashLooping',
      title: 'Pods crash looping',
      meaning: `A container of ${s.name} keeps exiting and Kubernetes restarts it with an increasing back-off.`,
      impact: `The ${s.name} Deployment runs with fewer ready replicas; a rolling update stalls and requests queue on the remaining pods.`,
      diagnosis: [
        `List the pods: ${code(
          `kubectl -n ${ns} get pods -l app=${s.name} -o wide`,
        )}.`,
        `Read the events: ${code(
          `kubectl -n ${ns} describe pod <pod>`,
        )} — look for failed probes, missing ConfigMaps or Secrets and image pull errors.`,
        `Read the logs of the previous run: ${code(
          `kubectl -n ${ns} logs <pod> --previous --tail=200`,
        )}.`,
        `Compare the image with the last good release: ${code(
          `kubectl -n ${ns} rollout history ${deploy}`,
        )}.`,
      ],
      remediation: [
        `If the last deploy caused it, roll back: ${code(
          `kubectl -n ${ns} rollout undo ${deploy}`,
        )}.`,
        `If a Secret or ConfigMap is missing, restore it from the GitOps repository and let Argo CD sync (${code(
          `argocd app sync ${s.name}`,
        )}).`,
        'If a dependency is down, the crash loop is a symptom: follow that dependency’s scenario below.',
      ],
    },
    {
      symptom: 'OOMKilled',
      title: 'Containers OOMKilled',
      meaning: `The kernel killed the ${s.name} container for using more memory than its limit.`,
      impact:
        'In-flight requests fail with 502s from the ingress; long-running jobs start over from their last checkpoint.',
      diagnosis: [
        `Confirm the reason: ${code(
          `kubectl -n ${ns} get pod <pod> -o jsonpath='{.status.containerStatuses[*].lastState.terminated.reason}'`,
        )}.`,
        `Check memory against the limit on the Kubernetes / Compute Resources / Pod dashboard for namespace ${code(
          ns,
        )}.`,
        `Look for a heap regression: compare ${code(
          'container_memory_working_set_bytes',
        )} before and after the last release.`,
      ],
      remediation: [
        `Raise the limit for now: ${code(
          `kubectl -n ${ns} set resources ${deploy} --limits=memory=2Gi`,
        )} and open a ticket to size it properly.`,
        'Roll back the release that introduced the regression.',
      ],
    },
    {
      symptom: 'HpaMaxedOut',
      title: 'Autoscaler at maximum replicas',
      meaning: `The HorizontalPodAutoscaler of ${s.name} has run at its maximum replica count for 15 minutes.`,
      impact:
        'There is no headroom left: any more traffic raises latency and then errors.',
      diagnosis: [
        `Check the HPA: ${code(
          `kubectl -n ${ns} get hpa ${s.name}`,
        )} and ${code(`kubectl -n ${ns} describe hpa ${s.name}`)}.`,
        'Check whether the traffic is real (marketing campaign, bot traffic) on the edge dashboard.',
        `Check node capacity: ${code(
          'kubectl top nodes',
        )} and pending pods in ${code(ns)}.`,
      ],
      remediation: [
        `Raise maxReplicas temporarily: ${code(
          `kubectl -n ${ns} patch hpa ${s.name} -p '{"spec":{"maxReplicas":40}}'`,
        )}.`,
        'Block abusive clients at the WAF if the traffic is bot traffic.',
      ],
    },
    {
      symptom: 'HighErrorRate',
      shared: 'HighErrorRate',
      title: 'Error rate above SLO',
      meaning: `More than 5% of requests to ${s.name} returned 5xx over the last 10 minutes.`,
      impact: `Callers of ${s.name} see failures; the error budget for the ${s.system} system burns at more than 10× the sustainable rate.`,
      diagnosis: [
        `Find the failing route on the ${s.title} RED dashboard (requests, errors, duration).`,
        `Read recent errors: ${code(
          `kubectl -n ${ns} logs ${deploy} --since=15m | grep -i error | tail -50`,
        )}.`,
        'Check whether a deploy or a feature flag change lines up with the start of the errors.',
        'Check the dependencies’ dashboards: database, cache, queue and upstream vendors.',
      ],
      remediation: [
        `Roll back a bad deploy: ${code(
          `kubectl -n ${ns} rollout undo ${deploy}`,
        )} or ${code(`argocd app rollback ${s.name}`)}.`,
        'Turn the feature flag off if a flag change caused it.',
        'If a dependency fails, follow its scenario and tell the owning squad.',
      ],
    },
    {
      symptom: 'HighLatency',
      title: 'Latency above SLO',
      meaning: `The p99 latency of ${s.name} is above 800 ms for 10 minutes.`,
      impact: 'Pages load slowly and callers time out and retry, adding load.',
      diagnosis: [
        'Open a slow trace in Jaeger and find the span that grew.',
        `Check the Envoy sidecar: ${code(
          `istioctl proxy-config cluster <pod>.${ns}`,
        )} for outlier ejections.`,
        'Check CPU throttling: container_cpu_cfs_throttled_periods_total on the pod dashboard.',
      ],
      remediation: [
        'Scale out if CPU bound; lower the client timeout budget if a dependency is slow.',
        'Shed load with the rate limiter if the backlog keeps growing.',
      ],
    },
    {
      symptom: 'CertificateExpiringSoon',
      shared: 'CertificateExpiringSoon',
      title: 'TLS certificate expiring or expired',
      meaning: `The TLS certificate served for ${s.host} expires in less than 14 days (or has expired).`,
      impact:
        'Once it expires, clients reject the handshake: every request fails with a TLS error.',
      diagnosis: [
        `Check the dates: ${code(
          `openssl s_client -connect ${s.host}:443 -servername ${s.host} </dev/null | openssl x509 -noout -dates`,
        )}.`,
        `Check cert-manager: ${code(
          `kubectl -n ${ns} get certificate,certificaterequest`,
        )} and the ACME order events.`,
        'Check that the DNS-01 solver can still write the challenge record.',
      ],
      remediation: [
        `Force a renewal: ${code(`cmctl renew -n ${ns} ${s.name}-tls`)}.`,
        'If the ACME account is rate limited, switch the issuer to the backup CA.',
      ],
    },
    {
      symptom: 'DnsResolutionFailures',
      title: 'DNS resolution failures',
      meaning: `${s.name} cannot resolve the names of its dependencies.`,
      impact:
        'Outbound calls fail fast with ENOTFOUND or EAI_AGAIN; the service reports itself unhealthy.',
      diagnosis: [
        `From a pod: ${code(
          `kubectl -n ${ns} exec deploy/${s.name} -- nslookup kubernetes.default`,
        )}.`,
        `CoreDNS logs: ${code(
          'kubectl -n kube-system logs -l k8s-app=kube-dns --since=10m',
        )}.`,
        `External names: ${code(
          `dig +short ${s.host}`,
        )} and the Cloudflare status page.`,
        'Check the pod’s ndots setting: search-domain expansion multiplies lookups.',
      ],
      remediation: [
        `Restart CoreDNS: ${code(
          'kubectl -n kube-system rollout restart deployment/coredns',
        )}.`,
        'Use fully qualified names (trailing dot) for hot external hosts.',
      ],
    },
  ];
  if (s.datastore === 'postgres') {
    list.push(
      {
        symptom: 'DatabaseConnectionsExhausted',
        title: 'Database connections exhausted',
        meaning: `The ${s.name} PostgreSQL pool has no free connections.`,
        impact:
          'Requests wait for a connection and time out; writes are lost if callers do not retry.',
        diagnosis: [
          `Count sessions by state: ${code(
            `psql "$DATABASE_URL" -c "select state, count(*) from pg_stat_activity group by state"`,
          )}.`,
          `Look for idle-in-transaction sessions: ${code(
            `psql "$DATABASE_URL" -c "select pid, now() - state_change as idle, query from pg_stat_activity where state = 'idle in transaction' order by 2 desc limit 20"`,
          )}.`,
          `Check PgBouncer: ${code('psql -p 6432 pgbouncer -c "SHOW POOLS"')}.`,
          `Check the application log for pool timeouts: ${code(
            `kubectl -n ${ns} logs ${deploy} --since=15m | grep -i "remaining connection slots"`,
          )}.`,
        ],
        remediation: [
          `Terminate sessions idle in a transaction for more than 10 minutes: ${code(
            "select pg_terminate_backend(pid) from pg_stat_activity where state = 'idle in transaction' and state_change < now() - interval '10 minutes'",
          )}.`,
          `Restart the pods one at a time: ${code(
            `kubectl -n ${ns} rollout restart ${deploy}`,
          )}.`,
          'Lower the pool size per pod if the HPA scaled out past what max_connections allows.',
        ],
      },
      {
        symptom: 'ReplicationLag',
        title: 'Replication lag on the read replica',
        meaning: `The PostgreSQL read replica of ${s.name} is more than 30 seconds behind the primary.`,
        impact:
          'Reads served by the replica are stale: customers do not see their latest changes.',
        diagnosis: [
          `On the replica: ${code(
            `psql -c "select now() - pg_last_xact_replay_timestamp() as lag"`,
          )}.`,
          `On the primary: ${code(
            `psql -c "select client_addr, state, replay_lag from pg_stat_replication"`,
          )}.`,
          'Look for a long-running query on the replica holding back replay (max_standby_streaming_delay).',
        ],
        remediation: [
          'Send reads to the primary by turning on the read-from-primary flag.',
          'Cancel the blocking query on the replica with pg_cancel_backend.',
        ],
      },
      {
        symptom: 'SlowQueries',
        title: 'Slow queries after a deploy',
        meaning: `Queries of ${s.name} take more than 10× their usual time.`,
        impact: 'Endpoints that read from PostgreSQL time out.',
        diagnosis: [
          `Top statements: ${code(
            `psql -c "select calls, mean_exec_time, query from pg_stat_statements order by mean_exec_time desc limit 10"`,
          )}.`,
          'Run EXPLAIN (ANALYZE, BUFFERS) on the worst one; look for a sequential scan of a large table.',
          'Check whether a migration dropped or invalidated an index.',
        ],
        remediation: [
          `Create the missing index CONCURRENTLY; roll back the deploy if that takes too long.`,
          'Run ANALYZE on the table if the planner statistics are stale.',
        ],
      },
    );
  } else if (s.datastore) {
    const store = s.datastore;
    const commands: Record<string, [string, string]> = {
      mysql: [
        'mysql -e "SHOW PROCESSLIST"',
        'mysql -e "SHOW REPLICA STATUS\\G"',
      ],
      mongodb: [
        'mongosh --eval "rs.status()"',
        'mongosh --eval "db.currentOp()"',
      ],
      dynamodb: [
        `aws dynamodb describe-table --table-name ${s.name}`,
        'aws cloudwatch get-metric-statistics --metric-name ThrottledRequests',
      ],
      cassandra: ['nodetool status', 'nodetool tpstats'],
      elasticsearch: [
        'curl -s http://elasticsearch:9200/_cluster/health?pretty',
        'curl -s http://elasticsearch:9200/_cat/shards?v | grep UNASSIGNED',
      ],
    };
    const [first, second] = commands[store];
    list.push({
      symptom: `${camelOf(store)}Unhealthy`,
      title: `${camelOf(store)} unhealthy`,
      meaning: `${s.name} cannot read or write ${store} within its timeouts.`,
      impact: `Every request that touches ${store} fails or hangs.`,
      diagnosis: [
        `Check the cluster: ${code(first)}.`,
        `Then: ${code(second)}.`,
        `Check the client metrics of ${s.name} for timeouts and throttling.`,
      ],
      remediation: [
        'Fail over to the standby if the primary is down.',
        'Reduce write load by pausing the batch importers.',
      ],
    });
  }
  if (s.messaging === 'kafka') {
    list.push(
      {
        symptom: 'KafkaConsumerLag',
        title: 'Kafka consumer lag growing',
        meaning: `The ${s.name} consumer group is more than 10,000 messages behind.`,
        impact:
          'Downstream views are stale; orders, emails or stock updates arrive late.',
        diagnosis: [
          `Describe the group: ${code(
            `kafka-consumer-groups.sh --bootstrap-server kafka:9092 --describe --group ${s.name}`,
          )}.`,
          'Check for one stuck partition (a poison message) versus lag on every partition (too slow).',
          'Check the consumer pods for rebalancing loops in the logs.',
        ],
        remediation: [
          'Scale the consumers up to the number of partitions.',
          'Skip a poison message by moving the offset past it after copying it to the dead-letter topic.',
        ],
      },
      {
        symptom: 'UnderReplicatedPartitions',
        title: 'Under-replicated Kafka partitions',
        meaning: `Topics ${s.name} produces to have partitions with fewer in-sync replicas than configured.`,
        impact: 'A second broker failure would lose acknowledged messages.',
        diagnosis: [
          `List them: ${code(
            'kafka-topics.sh --bootstrap-server kafka:9092 --describe --under-replicated-partitions',
          )}.`,
          'Check broker disk and network on the Kafka dashboard.',
        ],
        remediation: [
          'Restart the lagging broker; open a case with Confluent Cloud if it is managed.',
        ],
      },
    );
  } else if (s.messaging) {
    const queue = s.messaging;
    const check: Record<string, string> = {
      rabbitmq: 'rabbitmqctl list_queues name messages consumers',
      sqs: `aws sqs get-queue-attributes --queue-url $QUEUE_URL --attribute-names ApproximateNumberOfMessages`,
      pubsub: `gcloud pubsub subscriptions describe ${s.name}-sub`,
    };
    list.push({
      symptom: 'QueueBacklog',
      title: `Backlog in the ${queue} queue`,
      meaning: `Messages for ${s.name} wait in ${queue} longer than 5 minutes.`,
      impact:
        'Work is delayed; the queue may hit its size limit and drop messages.',
      diagnosis: [
        `Check the depth: ${code(check[queue])}.`,
        'Check whether the consumers are running and acknowledging.',
      ],
      remediation: [
        'Scale the consumers out; purge only with the owning squad’s agreement.',
      ],
    });
  }
  if (s.cache === 'redis') {
    list.push(
      {
        symptom: 'RedisEvictions',
        title: 'Redis evictions spike',
        meaning: `Redis evicts keys of ${s.name} because it reached maxmemory.`,
        impact:
          'The cache hit rate drops and load on the database rises sharply.',
        diagnosis: [
          `Check evictions: ${code(
            `redis-cli -h redis.${ns} info stats | grep evicted_keys`,
          )}.`,
          `Check memory: ${code(`redis-cli -h redis.${ns} info memory`)}.`,
          `Find big keys: ${code(`redis-cli -h redis.${ns} --bigkeys`)}.`,
        ],
        remediation: [
          'Raise maxmemory or scale the Redis Cloud plan.',
          'Shorten TTLs of the largest key family.',
        ],
      },
      {
        symptom: 'RedisUnreachable',
        title: 'Redis unreachable',
        meaning: `${s.name} cannot connect to Redis.`,
        impact:
          'Sessions and cached reads fail; the database takes the full load.',
        diagnosis: [
          `From a pod: ${code(
            `kubectl -n ${ns} exec deploy/${s.name} -- redis-cli -h redis.${ns} ping`,
          )}.`,
          'Check the Redis Cloud status page and the connection count.',
        ],
        remediation: [
          'Fail over to the replica; the client reconnects on its own.',
        ],
      },
    );
  } else if (s.cache === 'memcached') {
    list.push({
      symptom: 'CacheHitRateLow',
      title: 'Cache hit rate low',
      meaning: `The memcached hit rate of ${s.name} is below 70%.`,
      impact: 'The database takes the load the cache should absorb.',
      diagnosis: [
        `Check stats: ${code(`echo stats | nc memcached.${ns} 11211`)}.`,
        'Check whether a deploy changed the cache key format.',
      ],
      remediation: [
        'Warm the cache with the warm-up job; roll back a key format change.',
      ],
    });
  }
  for (const vendor of s.vendors) {
    list.push({
      symptom: `${camelOf(
        vendor.name.replace(/\s+/g, '-').toLowerCase(),
      )}Timeouts`,
      title: `Upstream timeouts from ${vendor.name}`,
      meaning: `Calls from ${s.name} to ${vendor.name} (${vendor.what}) time out.`,
      impact: `Anything that needs ${vendor.what} is degraded; retries add load.`,
      diagnosis: [
        `Check the ${vendor.name} status page and the circuit-breaker state on the ${s.title} dashboard.`,
        `Compare our p95 latency to ${vendor.name} with their published figures.`,
      ],
      remediation: [
        `Turn on the ${code(
          `${s.name}-${vendor.name.split(' ')[0].toLowerCase()}-fallback`,
        )} kill switch.`,
        `Open a P1 with ${vendor.name}: ${vendor.contact}.`,
      ],
    });
  }
  return rng.shuffle(list);
}

// ---------------------------------------------------------------- runbooks

type GeneratedRunbook = {
  path: string;
  title: string;
  content: string;
  /** Body without front-matter: what the upstream engine indexes. */
  body: string;
  alerts: string[];
  severity?: string;
  owner: string;
  shape: 'per-service' | 'per-alert';
};

type GeneratedRepo = {
  service: Service;
  repo: FakeGithubRepo;
  runbooks: GeneratedRunbook[];
};

function pad2(n: number) {
  return String(n).padStart(2, '0');
}

function randomDate(rng: Rng, fromYear: number, toYear: number): string {
  return `${rng.int(fromYear, toYear)}-${pad2(rng.int(1, 12))}-${pad2(
    rng.int(1, 28),
  )}`;
}

function filler(s: Service, rng: Rng): string {
  const templates = [
    () =>
      `During the ${rng.pick(MONTHS)} peak ${s.name} served ${rng.int(
        200,
        9000,
      )} requests per second with a p99 of ${rng.int(40, 600)} ms.`,
    () =>
      `The ${s.namespace} namespace runs ${rng.int(3, 24)} replicas of ${
        s.name
      } across three availability zones.`,
    () =>
      `Deploys go through Argo CD from the ${
        s.name
      } GitOps folder; a canary takes ${rng.int(
        5,
        20,
      )}% of traffic for ${rng.int(5, 30)} minutes first.`,
    () =>
      s.datastore
        ? `State lives in ${s.datastore}; backups run every ${rng.int(
            1,
            24,
          )} hours and restores are tested each quarter.`
        : `The service keeps no state of its own; everything is rebuilt from upstream events.`,
    () =>
      s.messaging
        ? `Events are published to ${s.messaging} topics prefixed ${code(
            `${s.domain}.`,
          )} and retained for ${rng.int(1, 14)} days.`
        : `Callers reach it through the internal gateway with mutual TLS.`,
    () =>
      `Logs are in Loki under ${code(
        `{namespace="${s.namespace}", app="${s.name}"}`,
      )}; traces are sampled at ${rng.int(1, 20)}%.`,
    () =>
      `The SLO is ${rng.pick([
        '99.9',
        '99.95',
        '99.5',
        '99.99',
      ])}% of requests succeeding over 28 days, measured at the ingress.`,
    () =>
      `${s.vendors[0].name} handles ${s.vendors[0].what}; their sandbox is used for the nightly contract tests.`,
  ];
  return Array.from({ length: rng.int(2, 4) }, () =>
    rng.pick(templates)(),
  ).join(' ');
}

function incidentLine(s: Service, rng: Rng, titles: string[]): string {
  return `- **${randomDate(rng, 2023, 2026)}** — ${rng
    .pick(titles)
    .toLowerCase()} for ${rng.int(4, 180)} minutes, caused by ${rng.pick(
    INCIDENT_CAUSES,
  )}. Follow-up: ${rng.pick(FOLLOW_UPS)}. ${filler(s, rng)}`;
}

function perServiceRunbook(
  s: Service,
  rng: Rng,
  topic: string | undefined,
  chosen: Scenario[],
  alertFiles: Set<string>,
): GeneratedRunbook {
  const targetBytes = rng.int(4 * 1024, 20 * 1024);
  const alerts = chosen.map(sc => `${s.camel}${sc.symptom}`);
  const severity = rng.pick(['critical', 'critical', 'high', 'warning']);
  const ownOwner = rng.chance(0.15) ? rng.pick(GROUPS) : undefined;
  const title = topic
    ? `${s.title} ${topic} runbook`
    : rng.pick([`${s.title} runbook`, `${s.title}`, `Runbook: ${s.title}`]);
  const frontMatter = [
    '---',
    `service: ${s.name}`,
    ...(ownOwner ? [`owner: group:default/${ownOwner}`] : []),
    `severity: ${severity}`,
    'alerts:',
    ...alerts.map(alert => `  - ${alert}`),
    `last_reviewed: ${randomDate(rng, 2024, 2026)}`,
    `tags: [${s.domain}, ${s.system}${s.datastore ? `, ${s.datastore}` : ''}]`,
    '---',
    '',
  ].join('\n');
  const parts: string[] = [];
  parts.push(`# ${title}\n`);
  parts.push(
    `## ${rng.pick(['Overview', 'Service overview', 'Summary'])}\n\n${
      s.title
    } is part of the ${s.system} system and is owned by the ${
      s.owner
    }. It depends on ${[
      s.datastore,
      s.messaging,
      s.cache,
      ...s.vendors.map(v => v.name),
    ]
      .filter(Boolean)
      .join(', ')}. See the [architecture notes](../architecture.md) and the [${
      s.title
    } dashboard](https://grafana.acme-shop.example/d/${s.name}).${
      // Now and then a link to a file that is not there: a problem to report.
      rng.chance(0.05)
        ? ` Alert rules: [${s.name}.rules.yaml](../../deploy/${s.name}.rules.yaml).`
        : ''
    }\n\n${filler(s, rng)}\n`,
  );
  parts.push(
    `## ${rng.pick([
      'Failure scenarios',
      'Failure modes',
      'Known failure modes',
    ])}\n`,
  );
  for (const sc of chosen) {
    const alert = `${s.camel}${sc.symptom}`;
    const link = alertFiles.has(alert)
      ? ` See also the [${alert} runbook](./alerts/${alert}.md).`
      : '';
    parts.push(
      `### ${sc.title}\n\nAlert: ${code(alert)}. ${sc.meaning} ${
        sc.impact
      }${link}\n\n#### Diagnosis\n\n${sc.diagnosis
        .map((step, i) => `${i + 1}. ${step}`)
        .join('\n')}\n\n#### Remediation\n\n${sc.remediation
        .map(step => `- ${step}`)
        .join('\n')}\n`,
    );
  }
  parts.push(
    `## ${rng.pick([
      'Escalation path',
      'Escalation',
      'On-call',
    ])}\n\n1. Primary on-call for the ${s.owner} (PagerDuty schedule "${
      s.owner
    }").\n2. Secondary on-call, then the lead developer of the ${
      s.owner
    }.\n3. The ${rng.pick(
      GROUPS,
    )} on-call for platform problems (Kubernetes, networking, DNS).\n4. Head of engineering for a SEV-1.\n`,
  );
  parts.push(
    `## ${rng.pick([
      'External contacts',
      'Vendor contacts',
      'Third-party contacts',
    ])}\n\n${s.vendors
      .map(v => `- ${v.name} (${v.what}): ${v.contact}.`)
      .join('\n')}\n`,
  );
  let body = parts.join('\n');
  const titles = chosen.map(sc => sc.title);
  const history: string[] = [];
  while (Buffer.byteLength(body) + history.join('\n').length < targetBytes) {
    history.push(incidentLine(s, rng, titles));
  }
  if (history.length) body += `\n## Past incidents\n\n${history.join('\n')}\n`;
  return {
    path: topic
      ? `docs/runbooks/${s.name}-${topic.toLowerCase()}.md`
      : `docs/runbooks/${s.name}.md`,
    title,
    content: frontMatter + body,
    body,
    alerts,
    severity,
    owner: `group:default/${ownOwner ?? s.owner}`,
    shape: 'per-service',
  };
}

function perAlertRunbook(
  s: Service,
  rng: Rng,
  alert: string,
  sc: Scenario,
): GeneratedRunbook {
  const targetBytes = rng.int(1024, 4 * 1024);
  const severity = rng.chance(0.6)
    ? rng.pick(['critical', 'high', 'warning'])
    : undefined;
  const frontMatter = severity
    ? `---\nseverity: ${severity}\nlast_reviewed: ${randomDate(
        rng,
        2024,
        2026,
      )}\n---\n`
    : '';
  const minutes = rng.int(10, 45);
  // Context about the service under Meaning, up to the file's size.
  const context: string[] = [];
  const render = () =>
    `# ${alert}\n\n## Meaning\n\n${[sc.meaning, ...context].join(
      '\n\n',
    )}\n\n## Impact\n\n${sc.impact}\n\n## Diagnosis\n\n${sc.diagnosis
      .map(step => `- ${step}`)
      .join('\n')}\n\n## Mitigation\n\n${sc.remediation
      .map(step => `- ${step}`)
      .join('\n')}\n\nEscalate to the ${
      s.owner
    } on-call if this lasts more than ${minutes} minutes. Service runbook: [${
      s.title
    }](../${s.name}.md).\n`;
  let body = render();
  while (Buffer.byteLength(body) < targetBytes) {
    context.push(filler(s, rng));
    body = render();
  }
  return {
    path: `docs/runbooks/alerts/${alert}.md`,
    title: alert,
    content: frontMatter + body,
    body,
    alerts: [alert],
    severity,
    owner: `group:default/${s.owner}`,
    shape: 'per-alert',
  };
}

const TOPICS = [
  'Database',
  'Messaging',
  'Cache',
  'Edge',
  'Deploys',
  'Capacity',
];

function generateRepo(
  index: number,
  perRepo: number,
  seed: number,
): GeneratedRepo {
  const rng = seeded(seed + index * 7919);
  const s = service(index, rng);
  const pool = scenarios(s, rng);
  const services = Math.max(1, Math.round(perRepo * 0.3));
  const alertCount = perRepo - services;
  // Per-alert runbooks: the service's own alert names, and now and then a
  // shared one (HighErrorRate, KubePodCrashLooping, …) many services have.
  const alertScenarios = pool.slice(0, Math.min(alertCount, pool.length));
  const alertNames = alertScenarios.map(sc =>
    sc.shared && rng.chance(sc.shared === 'HighErrorRate' ? 0.45 : 0.2)
      ? sc.shared
      : `${s.camel}${sc.symptom}`,
  );
  // More per-alert runbooks than scenarios: numbered variants.
  for (let i = alertScenarios.length; i < alertCount; i++) {
    const sc = pool[i % pool.length];
    alertScenarios.push(sc);
    alertNames.push(`${s.camel}${sc.symptom}${i}`);
  }
  const alertFiles = new Set(alertNames);
  const runbooks: GeneratedRunbook[] = [];
  for (let i = 0; i < services; i++) {
    const chosen = rng
      .shuffle(pool)
      .slice(0, rng.int(3, Math.min(6, pool.length)));
    runbooks.push(
      perServiceRunbook(
        s,
        rng,
        i === 0
          ? undefined
          : TOPICS[(i - 1) % TOPICS.length] + (i > TOPICS.length ? i : ''),
        chosen,
        alertFiles,
      ),
    );
  }
  alertScenarios.forEach((sc, i) =>
    runbooks.push(perAlertRunbook(s, rng, alertNames[i], sc)),
  );
  const files: Record<string, string> = {
    'README.md': `# ${s.title}\n\n${filler(
      s,
      rng,
    )}\n\nRunbooks: [docs/runbooks](docs/runbooks/).\n`,
    'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${s.name}\nspec:\n  type: service\n  owner: ${s.owner}\n  lifecycle: production\n`,
    'docs/architecture.md': `# ${s.title} architecture\n\n${filler(s, rng)}\n`,
    'package.json': JSON.stringify(
      { name: `@acme/${s.name}`, version: '1.0.0' },
      null,
      2,
    ),
    'src/index.ts': `export const service = '${s.name}';\n`,
    Dockerfile:
      'FROM node:22-alpine\nCOPY . .\nCMD ["node", "dist/index.js"]\n',
    '.github/workflows/ci.yml':
      'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
    'deploy/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${s.name}\n  namespace: ${s.namespace}\n`,
  };
  for (const runbook of runbooks) files[runbook.path] = runbook.content;
  return {
    service: s,
    runbooks,
    repo: {
      name: s.name,
      files,
      pushedAt: `${randomDate(rng, 2026, 2026)}T10:00:00Z`,
    },
  };
}

function component(s: Service): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: s.name,
      namespace: 'default',
      title: s.title,
      annotations: {
        'backstage.io/source-location': `url:https://github.com/${ORG}/${s.name}/`,
        'backstage.io/kubernetes-namespace': s.namespace,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${s.owner}`,
      system: `system:default/${s.system}`,
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${s.owner}` },
      { type: 'partOf', targetRef: `system:default/${s.system}` },
    ],
  };
}

// ---------------------------------------------------------------- queries

type SearchQuery = {
  kind: string;
  q: string;
  owner?: string;
  severity?: string;
};

const WORDS = [
  'postgres',
  'kafka',
  'redis',
  'kubernetes',
  'certificate',
  'dns',
  'timeout',
  'replication',
  'oomkilled',
  'kubectl',
  'psql',
  'failover',
  'latency',
  'evictions',
  'backlog',
  'rollback',
  'coredns',
  'pgbouncer',
  'openssl',
  'elasticsearch',
  'memcached',
  'rabbitmq',
  'throttling',
  'deploy',
  'canary',
  'istio',
  'envoy',
  'jaeger',
  'hpa',
  'stripe',
  'cloudflare',
  'twilio',
  'partition',
  'consumer',
  'migration',
  'index',
  'backup',
  'vacuum',
];

const PAIRS = [
  'kafka lag',
  'redis evictions',
  'certificate expired',
  'connection pool',
  'replication lag',
  'dns failures',
  'pods crashing',
  'memory limit',
  'slow queries',
  'error rate',
  'consumer group',
  'kill switch',
  'rollout undo',
  'read replica',
  'queue depth',
  'tls handshake',
  'cache hit',
  'poison message',
  'disk pressure',
  'feature flag',
];

const PHRASES = [
  '"connection pool"',
  '"rollout restart"',
  '"replication lag"',
  '"consumer group"',
  '"idle in transaction"',
  '"kill switch"',
  '"dead-letter topic"',
  '"error budget"',
];

function searchQueries(
  count: number,
  repos: GeneratedRepo[],
  rng: Rng,
): SearchQuery[] {
  const alerts = repos.flatMap(r => r.runbooks.flatMap(rb => rb.alerts));
  return Array.from({ length: count }, () => {
    const roll = rng.next();
    let query: SearchQuery;
    if (roll < 0.25) {
      query = { kind: 'alert name', q: rng.pick(alerts) };
    } else if (roll < 0.5) {
      query = { kind: 'one word', q: rng.pick(WORDS) };
    } else if (roll < 0.75) {
      query = { kind: 'two words', q: rng.pick(PAIRS) };
    } else if (roll < 0.85) {
      query = { kind: 'phrase', q: rng.pick(PHRASES) };
    } else {
      query = {
        kind: 'service + word',
        q: `${rng.pick(DOMAINS)} ${rng.pick(WORDS)}`,
      };
    }
    if (rng.chance(0.2)) query.owner = `group:default/${rng.pick(GROUPS)}`;
    if (rng.chance(0.15)) {
      query.severity = rng.pick(['critical', 'high', 'warning']);
    }
    return query;
  });
}

type AlertQuery = { kind: string; path: string };

function randomCase(name: string, rng: Rng): string {
  const roll = rng.next();
  if (roll < 0.4) return name;
  if (roll < 0.7) return name.toLowerCase();
  if (roll < 0.8) return name.toUpperCase();
  return [...name]
    .map(c => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase()))
    .join('');
}

function alertQueries(
  count: number,
  repos: GeneratedRepo[],
  rng: Rng,
): AlertQuery[] {
  const owners = new Map<string, string[]>();
  for (const repo of repos) {
    for (const alert of new Set(repo.runbooks.flatMap(rb => rb.alerts))) {
      owners.set(alert, [...(owners.get(alert) ?? []), repo.service.name]);
    }
  }
  const unique = [...owners].filter(([, services]) => services.length === 1);
  const shared = [...owners].filter(([, services]) => services.length > 1);
  const path = (name: string, query?: string) =>
    `/api/runbooks/alerts/${encodeURIComponent(randomCase(name, rng))}${
      query ? `?${query}` : ''
    }`;
  return Array.from({ length: count }, () => {
    const roll = rng.next();
    if (roll < 0.45 || shared.length === 0) {
      const [name] = rng.pick(unique);
      return { kind: 'unique name', path: path(name) };
    }
    const [name, services] = rng.pick(shared);
    if (roll < 0.6) return { kind: 'shared, no hint', path: path(name) };
    if (roll < 0.75) {
      return {
        kind: 'shared + service',
        path: path(name, `service=${rng.pick(services)}`),
      };
    }
    if (roll < 0.85) {
      const picked = rng.pick(services);
      const repo = repos.find(r => r.service.name === picked)!;
      return {
        kind: 'shared + namespace',
        path: path(name, `namespace=${repo.service.namespace}`),
      };
    }
    const s = rng.pick(repos).service;
    const unknown = `${s.camel}${rng.pick([
      'Flapping',
      'SaturationHigh',
      'BudgetBurn',
      'Stalled',
    ])}`;
    return rng.chance(0.5)
      ? { kind: 'unknown + service', path: path(unknown, `service=${s.name}`) }
      : { kind: 'unknown', path: path(unknown) };
  });
}

// ---------------------------------------------------------------- measuring

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  return `p50 ${f(percentile(sorted, 50))} · p95 ${f(
    percentile(sorted, 95),
  )} · max ${f(sorted[sorted.length - 1])}`;
}

function byKind(samples: { kind: string; ms: number }[]): string {
  const kinds = [...new Set(samples.map(s => s.kind))].sort();
  return kinds
    .map(kind => {
      const sorted = samples
        .filter(s => s.kind === kind)
        .map(s => s.ms)
        .sort((a, b) => a - b);
      return `${kind} (${sorted.length}) p50 ${percentile(sorted, 50).toFixed(
        1,
      )} / p95 ${percentile(sorted, 95).toFixed(1)}`;
    })
    .join(' · ');
}

function routeOf(request: FakeGithubRequest): string {
  const p = request.path;
  if (/^\/repos\/[^/]+\/[^/]+\/commits\/.+\/status$/.test(p)) {
    return 'commits/{ref}/status';
  }
  if (/^\/repos\/[^/]+\/[^/]+\/git\/trees\//.test(p)) return 'git/trees';
  if (/^\/repos\/[^/]+\/[^/]+\/git\/blobs\//.test(p)) return 'git/blobs';
  if (/^\/repos\/[^/]+\/[^/]+\/commits$/.test(p)) return 'commits?path=';
  if (/^\/repos\/[^/]+\/[^/]+$/.test(p)) return 'repos/{o}/{r}';
  return p.replace(/^\/repos\/[^/]+\/[^/]+/, 'repos/{o}/{r}');
}

function requestSummary(requests: FakeGithubRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = r.status >= 400 ? `${routeOf(r)} [${r.status}]` : routeOf(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `${route} ${n}`)
    .join(', ');
}

// ---------------------------------------------------------------- HTTP

type Reply = { status: number; body: any };

function client(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  return (method: string, path: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const payload =
        body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            authorization: AUTH,
            ...(payload
              ? {
                  'content-type': 'application/json',
                  'content-length': String(payload.length),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

async function createDatabase(admin: Knex, connection: string, name: string) {
  await admin.raw('CREATE DATABASE ??', [name]);
  return knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/+$/, '')}/${name}`,
    pool: { min: 0, max: 20 },
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---------------------------------------------------------------- main

/** Closes the fake and drops the databases, also when a step failed. */
let cleanup: (() => Promise<void>) | undefined;

async function main() {
  const repoCount = Number(process.argv[2] ?? 1000);
  const perRepo = Number(process.argv[3] ?? 10);
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const concurrency = process.env.BENCH_RUNBOOKS_CONCURRENCY
    ? Number(process.env.BENCH_RUNBOOKS_CONCURRENCY)
    : undefined;
  const keep = process.env.BENCH_KEEP_DATABASES === '1';
  const out: string[] = [];
  const print = (line: string) => {
    out.push(line);
    console.log(line);
  };

  let t0 = performance.now();
  const generated = Array.from({ length: repoCount }, (_, i) =>
    generateRepo(i, perRepo, SEED),
  );
  const runbooks = generated.flatMap(g => g.runbooks);
  const bytes = runbooks.map(r => Buffer.byteLength(r.content));
  const perService = runbooks.filter(r => r.shape === 'per-service');
  const generateMs = performance.now() - t0;
  const repos = generated.map(g => g.repo);

  const github = await startFakeGithub({ login: ORG, repos }, { token: TOKEN });
  const entities: Entity[] = [
    ...generated.map(g => component(g.service)),
    ...GROUPS.map(
      (name): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, namespace: 'default' },
        spec: {
          type: 'team',
          children: [],
          profile: {
            displayName: name,
            email: `${name}@acme-shop.example`,
          },
        },
      }),
    ),
    ...SYSTEMS.map(
      (name): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name, namespace: 'default' },
        spec: { owner: `group:default/${GROUPS[0]}` },
      }),
    ),
  ];

  const stamp = Date.now();
  const database = `paved_bench_runbooks_${stamp}`;
  const upstreamDatabase = `paved_bench_runbooks_${stamp}_search`;
  const admin = knexFactory({ client: 'pg', connection });
  const knex = await createDatabase(admin, connection, database);
  const upstreamKnex = await createDatabase(
    admin,
    connection,
    upstreamDatabase,
  );
  cleanup = async () => {
    await github.close();
    await knex.destroy();
    await upstreamKnex.destroy();
    if (keep) {
      console.log(`Kept databases ${database} and ${upstreamDatabase}`);
    } else {
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [database]);
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [upstreamDatabase]);
    }
    await admin.destroy();
  };

  const backend = await startTestBackend({
    features: [
      runbooksPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory({ knex }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: TOKEN,
              },
            ],
          },
          runbooks: {
            // Only this script starts passes.
            schedule: {
              frequency: { days: 1 },
              timeout: { hours: 1 },
              initialDelay: { days: 1 },
            },
            ...(concurrency ? { concurrency } : {}),
          },
        },
      }),
    ],
  });
  const server = backend.server.listening
    ? backend.server
    : await new Promise<typeof backend.server>(resolve =>
        backend.server.listen(0, '127.0.0.1', () => resolve(backend.server)),
      );
  const call = client((server.address() as AddressInfo).port);

  const header = `Runbooks: ${repoCount} repositories × ${perRepo} runbooks = ${
    runbooks.length
  } (${perService.length} per-service, ${
    runbooks.length - perService.length
  } per-alert; ${mb(bytes.reduce((a, b) => a + b, 0))}, ${(
    Math.min(...bytes) / 1024
  ).toFixed(1)}–${(Math.max(...bytes) / 1024).toFixed(
    1,
  )} KB), generated in ${seconds(
    generateMs,
  )}; fake GitHub over HTTP; PostgreSQL ${connection.replace(
    /\/\/[^@]*@/,
    '//',
  )}; runbooks.concurrency ${concurrency ?? 'default'}`;
  print(header);

  // 1. Full index
  let before = github.requests.length;
  const cpuBefore = process.cpuUsage();
  t0 = performance.now();
  const full = await call('POST', '/api/runbooks/refresh');
  const fullMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  if (full.status !== 200) {
    throw new Error(
      `refresh answered ${full.status}: ${JSON.stringify(full.body)}`,
    );
  }
  let requests = github.requests.slice(before);
  const run = full.body.run;
  print(
    `1. full index            ${seconds(fullMs)} · ${
      run.runbooks
    } runbooks stored (${run.sourcesRead} read, ${run.sourcesFailed} failed, ${
      run.problems
    } problems) · ${(run.runbooks / (fullMs / 1000)).toFixed(0)} runbooks/s · ${
      requests.length
    } GitHub requests (${requestSummary(requests)}) · ${seconds(
      (cpu.user + cpu.system) / 1000,
    )} CPU in this process (backend and fake GitHub) · peak RSS ${mb(
      process.resourceUsage().maxRSS * 1024,
    )}`,
  );

  // 2. Unchanged re-index
  before = github.requests.length;
  t0 = performance.now();
  const again = await call('POST', '/api/runbooks/refresh');
  const againMs = performance.now() - t0;
  requests = github.requests.slice(before);
  print(
    `2. unchanged re-index    ${seconds(againMs)} · ${
      again.body.run?.sourcesRead
    } read, ${again.body.run?.sourcesUnchanged} unchanged · ${
      requests.length
    } GitHub requests (${requestSummary(requests)})`,
  );

  // 3. Incremental: change one repository's runbook, re-read its Component
  const rng = seeded(SEED + 1);
  const picks = rng
    .shuffle(generated.map((_, i) => i))
    .slice(0, INCREMENTAL_SAMPLES + 2);
  const incremental: number[] = [];
  const incrementalRequests: FakeGithubRequest[] = [];
  let verified = 0;
  const failures: string[] = [];
  for (const [n, index] of picks.entries()) {
    const g = generated[index];
    const runbook = g.runbooks[0];
    const marker = `benchmarker${String.fromCharCode(
      97 + (n % 26),
    )}${String.fromCharCode(97 + Math.floor(n / 26))}zq`;
    const newAlert = `${g.service.camel}BenchChange${n}`;
    const changed = `${runbook.content.replace(
      'alerts:\n',
      `alerts:\n  - ${newAlert}\n`,
    )}\nChanged by the benchmark: ${marker}.\n`;
    g.repo.files![runbook.path] = changed;
    g.repo.pushedAt = `2026-11-2${n % 10}T12:00:00Z`;
    github.setRepos(repos);
    const entityRef = `component:default/${g.service.name}`;
    before = github.requests.length;
    t0 = performance.now();
    const res = await call('POST', '/api/runbooks/refresh', { entityRef });
    const ms = performance.now() - t0;
    if (res.status !== 200 || res.body.run?.sourcesRead !== 1) {
      failures.push(`${entityRef}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const found = await call(
      'GET',
      `/api/runbooks/search?q=${encodeURIComponent(marker)}`,
    );
    const resolved = await call(
      'GET',
      `/api/runbooks/alerts/${encodeURIComponent(newAlert)}`,
    );
    if (n < 2) continue; // warm-up
    incremental.push(ms);
    incrementalRequests.push(...github.requests.slice(before));
    if (
      found.body.total === 1 &&
      found.body.results[0]?.entityRef === entityRef &&
      resolved.body.status === 'found' &&
      resolved.body.runbook?.entityRef === entityRef
    ) {
      verified += 1;
    } else {
      failures.push(
        `${entityRef}: search ${found.status} total ${found.body.total}, alert ${resolved.body.status}`,
      );
    }
  }
  print(
    `3. incremental (1 repo)  ${stats(incremental)} over ${
      incremental.length
    } repositories · ${(
      incrementalRequests.length / incremental.length
    ).toFixed(1)} GitHub requests each (${requestSummary(
      incrementalRequests,
    )}, timed window) · change searchable and its new alert resolving afterwards: ${verified}/${
      incremental.length
    }`,
  );
  for (const failure of failures.slice(0, 5)) print(`   ! ${failure}`);

  // 4. Search, ours over HTTP
  const queries = searchQueries(SAMPLES + WARMUP, generated, seeded(SEED + 2));
  const searchPath = (query: SearchQuery) => {
    const params = new URLSearchParams({ q: query.q });
    if (query.owner) params.set('owner', query.owner);
    if (query.severity) params.set('severity', query.severity);
    return `/api/runbooks/search?${params}`;
  };
  for (const query of queries.slice(0, WARMUP)) {
    await call('GET', searchPath(query));
  }
  const ours: { kind: string; ms: number }[] = [];
  let ourZero = 0;
  let ourErrors = 0;
  for (const query of queries.slice(WARMUP)) {
    const kind = query.owner || query.severity ? 'filtered' : query.kind;
    t0 = performance.now();
    const res = await call('GET', searchPath(query));
    ours.push({ kind, ms: performance.now() - t0 });
    if (res.status !== 200) ourErrors += 1;
    else if (res.body.total === 0) ourZero += 1;
  }

  // 4b. Upstream: Backstage search's PostgreSQL engine, same runbooks and terms
  const upstreamDb: DatabaseService = {
    getClient: async () => upstreamKnex,
    migrations: { skip: false },
  };
  const engine = await PgSearchEngine.fromConfig(new ConfigReader({}), {
    database: upstreamDb,
  });
  t0 = performance.now();
  const indexer = await engine.getIndexer('runbook');
  const done = new Promise<void>((resolve, reject) => {
    indexer.on('finish', resolve);
    indexer.on('error', reject);
  });
  for (const g of generated) {
    for (const rb of g.runbooks) {
      const document = {
        title: rb.title,
        text: [rb.alerts.join(' '), rb.body].filter(Boolean).join('\n'),
        location: `https://github.com/${ORG}/${g.service.name}/blob/HEAD/${rb.path}`,
        entityRef: `component:default/${g.service.name}`,
        alerts: rb.alerts,
        owner: rb.owner,
        system: `system:default/${g.service.system}`,
        severity: rb.severity,
      };
      if (!indexer.write(document)) {
        await new Promise(resolve => indexer.once('drain', resolve));
      }
    }
  }
  indexer.end();
  await done;
  const upstreamIndexMs = performance.now() - t0;
  for (const query of queries.slice(0, WARMUP)) {
    await engine.query({ term: query.q, types: ['runbook'], pageLimit: 20 });
  }
  const upstream: { kind: string; ms: number }[] = [];
  let upstreamZero = 0;
  let upstreamErrors = 0;
  let upstreamError = '';
  for (const query of queries.slice(WARMUP)) {
    const kind = query.owner || query.severity ? 'filtered' : query.kind;
    const filters: Record<string, string> = {};
    if (query.owner) filters.owner = query.owner;
    if (query.severity) filters.severity = query.severity;
    t0 = performance.now();
    try {
      const result = await engine.query({
        term: query.q,
        types: ['runbook'],
        pageLimit: 20,
        ...(Object.keys(filters).length ? { filters } : {}),
      });
      upstream.push({ kind, ms: performance.now() - t0 });
      if (result.numberOfResults === 0) upstreamZero += 1;
    } catch (error) {
      upstream.push({ kind, ms: performance.now() - t0 });
      upstreamErrors += 1;
      upstreamError ||= String(error).slice(0, 200);
    }
  }
  print(
    `4. search, ${SAMPLES} queries  ours GET /api/runbooks/search (HTTP): ${stats(
      ours.map(s => s.ms),
    )} · ${ourZero} with no hits, ${ourErrors} errors`,
  );
  print(`   ours by kind:      ${byKind(ours)}`);
  print(
    `   upstream PgSearchEngine.query (in-process, no HTTP): ${stats(
      upstream.map(s => s.ms),
    )} · ${upstreamZero} with no hits, ${upstreamErrors} errors${
      upstreamError ? ` (${upstreamError})` : ''
    }`,
  );
  print(`   upstream by kind:  ${byKind(upstream)}`);
  print(
    `   upstream indexing of the ${
      runbooks.length
    } documents (getIndexer → finish): ${seconds(upstreamIndexMs)}`,
  );

  // 5. Alert resolution
  const alertRequests = alertQueries(
    SAMPLES + WARMUP,
    generated,
    seeded(SEED + 3),
  );
  for (const a of alertRequests.slice(0, WARMUP)) await call('GET', a.path);
  const resolutions: { kind: string; ms: number }[] = [];
  const statuses = new Map<string, number>();
  for (const a of alertRequests.slice(WARMUP)) {
    t0 = performance.now();
    const res = await call('GET', a.path);
    resolutions.push({ kind: a.kind, ms: performance.now() - t0 });
    const status = res.status === 200 ? res.body.status : `HTTP ${res.status}`;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  print(
    `5. alert resolution, ${SAMPLES} lookups  ${stats(
      resolutions.map(s => s.ms),
    )} · ${[...statuses].map(([s, n]) => `${n} ${s}`).join(', ')}`,
  );
  print(`   by kind:           ${byKind(resolutions)}`);

  const sizes = await knex.raw(
    `select pg_size_pretty(pg_total_relation_size('runbooks')) as runbooks, pg_size_pretty(pg_database_size(current_database())) as db`,
  );
  const upstreamSizes = await upstreamKnex.raw(
    `select pg_size_pretty(pg_total_relation_size('documents')) as documents`,
  );
  print(
    `   storage: runbooks table ${sizes.rows[0].runbooks} (database ${sizes.rows[0].db}); upstream documents table ${upstreamSizes.rows[0].documents}`,
  );
  print(
    `Targets: search p95 < 50 ms, alert resolution p95 < 20 ms, incremental update < 2 s.`,
  );

  await backend.stop();
  const close = cleanup;
  cleanup = undefined;
  await close?.();
}

main().then(
  () => process.exit(0),
  async error => {
    console.error(error);
    await cleanup?.().catch(e => console.error(e));
    process.exit(1);
  },
);
