// migration-doctor: the command-line twin of the extension, a thin adapter over the core.
import { reportFailure } from './failure';
import { CliCommand, CliIo, ExitCode, processIo } from './io';
import { exitOnSignals } from './lifecycle';
import { VERSION } from './version';

/** Sub-command name -> lazy loader, so `lint` never loads mysql2 and `status` never loads php-parser twice. */
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  lint: { summary: 'check migration files (file name vs table, down(), class names, table timeline)', load: async () => (await import('./lint')).lint },
  status: { summary: 'migrate:status plus table-missing, table-exists, orphan and drift states', load: async () => (await import('./status')).status },
  preflight: { summary: 'predict, with reads only, every way the next migrate will fail on this database', load: async () => (await import('./preflight')).preflight },
  repair: { summary: 'plan, or back up, apply under a lock and verify the repair of broken migrations', load: async () => (await import('./repair')).repair },
  restore: { summary: 'replay a backup written by repair', load: async () => (await import('./restore')).restore },
  schema: { summary: 'write Drizzle schema files translated from the migrations', load: async () => (await import('./schema')).schema },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: migration-doctor <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'migration-doctor <command> --help' for a command's options.\n`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version') {
    io.out(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const command = commands[name];
  if (!command) {
    io.err(`migration-doctor: unknown command '${name}'.\n\n${usage()}`);
    return ExitCode.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    return reportFailure(name, error, io, { argv, version: VERSION });
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const internal = (error: unknown) => reportFailure(argv[0] ?? '', error, processIo(), { argv, version: VERSION });
  exitOnSignals((text) => process.stderr.write(text));
  // An error no promise chain caught (a stream's 'error' event...) ends the run as an internal error, not a Node stack trace.
  process.on('uncaughtException', (error) => process.exit(internal(error)));
  process.on('unhandledRejection', (error) => process.exit(internal(error)));
  main(argv, processIo()).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => { process.exitCode = internal(error); },
  );
}
