import { EXIT_CLEAN, EXIT_USAGE, UsageError } from './cli/args';
import { check } from './cli/check';
import { checksums } from './cli/checksums';
import { helpText } from './cli/help';
import { info } from './cli/info';
import { renderAlt } from './cli/renderAlt';
import { rules } from './cli/rules';

/**
 * The `audio-deliverables` command line (DESIGN.md "CLI"): picks the command; each lives in
 * src/cli/. Returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
 */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, out, err);
      case 'info':
        return await info(rest, out);
      case 'render-alt':
        return await renderAlt(rest, out, err);
      case 'checksums':
        return await checksums(rest, out, err);
      case 'rules':
        return rules(rest, out);
      case 'help':
      case '--help':
      case '-h':
      case undefined:
        out.write(helpText(rest));
        out.write('\n');
        return command === undefined ? EXIT_USAGE : EXIT_CLEAN;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`audio-deliverables: ${(e as Error).message}\nRun 'audio-deliverables help ${command ?? ''}' for usage.\n`);
      return EXIT_USAGE;
    }
    err.write(`audio-deliverables: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  // `… | head` closes the pipe early: that is the reader being done, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`audio-deliverables: ${String(e)}\n`); process.exitCode = EXIT_USAGE; },
  );
}
