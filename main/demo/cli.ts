// Standalone LLM-Manager simulator: `npm run demo:server -- --generation v1-seed --port 18080`.
// Scripted models run on timers; Ctrl-C behaves like SIGTERM to the real manager.
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultDemoModels, startDemoServer, type DemoGeneration } from './server.js';

const GENERATIONS: readonly DemoGeneration[] = ['v1-seed', 'v1-oct', 'v2', 'v3'];

function intArg(name: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer in ${min}..${max}`);
    return n;
  };
}

interface CliOptions {
  generation: DemoGeneration;
  port: number;
  host: string;
  replayDelay: number;
  seed: number;
  startup: number;
  autostart: boolean;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name('llm-manager-demo')
    .description('LLM-Manager simulator (demo server) for every API generation')
    .addOption(new Option('-g, --generation <generation>', 'API generation').choices(GENERATIONS).default('v1-seed'))
    .option('-p, --port <port>', 'port (0 = ephemeral)', intArg('--port', 0, 65535), 18080)
    .option('--host <host>', 'bind address', '127.0.0.1')
    .option('--replay-delay <ms>', 'sleep after each replayed history line (v1/v2)', intArg('--replay-delay', 0, 10_000), 10)
    .option('--seed <n>', 'seed for the scripted randomness', intArg('--seed', 0, 2 ** 31), 1)
    .option('--startup <ms>', 'time from starting to routing', intArg('--startup', 0, 600_000), 2000)
    .option('--no-autostart', 'leave every model stopped at boot')
    .showHelpAfterError();
  program.parse(argv as string[], { from: 'node' });
  const opts = program.opts<CliOptions>();

  const server = await startDemoServer({
    generation: opts.generation,
    port: opts.port,
    host: opts.host,
    replayDelayMs: opts.replayDelay,
    seed: opts.seed,
    startupMs: opts.startup,
    scripted: true,
    models: defaultDemoModels(opts.generation, { autoStart: opts.autostart }),
  });
  process.stdout.write(`LLM-Manager demo (${server.generation}) listening on ${server.url}\n`);
  process.stdout.write(`models: ${server.modelNames().join(', ')} (start one: curl -X POST ${server.url}/api/models/fake-chat-a/start)\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server
      .shutdown()
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv).catch((e: unknown) => {
  process.stderr.write(`demo server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
