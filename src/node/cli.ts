import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

type WithHelp<T extends ParseArgsOptionsConfig> = { options: T & { help: { type: 'boolean'; short: 'h' } } };

/**
 * A script's options, read as `parseArgs` reads them. `--help` prints `usage` and exits; an unknown or
 * malformed option says what is wrong, followed by `usage`, and exits with 2, instead of a stack trace.
 */
export function readOptions<const T extends ParseArgsOptionsConfig>(usage: string, options: T) {
  let parsed: ReturnType<typeof parseArgs<WithHelp<T>>>;
  try {
    parsed = parseArgs<WithHelp<T>>({ options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`${(error as Error).message.split('. ')[0]!.replace(/\.$/, '')}.\n\n${usage}`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed.values;
}
