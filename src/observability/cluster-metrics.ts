/**
 * `/metrics` for the whole cluster when `WORKERS` > 1, with prom-client's own AggregatorRegistry.
 *
 * The port is shared, so a scrape reaches whichever worker takes the connection. That worker asks
 * the primary over the cluster's IPC channel; the primary's AggregatorRegistry asks every worker
 * for its registry (as JSON: prom-client's protocol, answered by the listener it installs in each
 * worker) and merges them — counters and histograms summed, gauges by each metric's own
 * aggregator — and the text goes back to the asking worker. If the primary does not answer in
 * time, the worker answers with its own metrics and says so in a comment line (which Prometheus
 * ignores), rather than failing the scrape.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'neuroarchive:cluster-metrics?';
const ANSWER = 'neuroarchive:cluster-metrics';
/** prom-client's own limit for the workers' answers is 5 s; a little more for the round trip. */
const TIMEOUT_MS = 6_000;

interface Ask {
  type: typeof ASK;
  id: number;
}

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(type: T['type'], message: unknown): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

/** In the primary: answers the workers' scrapes with every worker's metrics merged. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry(); // also listens for the workers' registries
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<Ask>(ASK, message)) return;
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...answer } satisfies Answer);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    );
  });
}

/**
 * In a worker: the scrape that asks the primary for the cluster's metrics, this worker's
 * `registry` among them. Undefined outside a cluster worker (the registry is then scraped alone).
 */
export function clusterScrape(registry: Registry): (() => Promise<string>) | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  // Constructing one installs prom-client's answer to the primary's requests; this gateway's
  // registry (not prom-client's global one) is what it answers with.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, (answer: Answer | undefined) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (isMessage<Answer>(ANSWER, message)) pending.get(message.id)?.(message);
  });
  return async () => {
    const id = nextId++;
    const answer = await new Promise<Answer | undefined>((resolve) => {
      const timer = setTimeout(() => settle(undefined), TIMEOUT_MS);
      const settle = (value: Answer | undefined) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(value);
      };
      pending.set(id, settle);
      process.send?.({ type: ASK, id } satisfies Ask);
    });
    if (answer?.text !== undefined) return answer.text;
    const why = answer?.error ?? `no answer within ${TIMEOUT_MS} ms`;
    return `# The cluster's metrics are unavailable (${why}): worker ${cluster.worker?.id}'s own follow.\n${await registry.metrics()}`;
  };
}
