// The CLI run in-process, as a user runs it from `cwd`: its exit code and what it wrote.
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

export async function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd, env, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
  return { code: await main(args, io), out, err };
}
