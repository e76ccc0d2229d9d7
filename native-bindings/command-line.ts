/**
 * Windows command-line quoting, pure: the spawn calls (native-bindings/win32) and the shortcut writer
 * (core/shortcut.ts) both need the arguments quoted the way CommandLineToArgvW and the C runtime read
 * them back, and must agree.
 */

/** Quotes one argument so that CommandLineToArgvW reads it back unchanged. */
export function quoteWindowsArgument(arg: string): string {
  if (arg.length > 0 && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    // Backslashes count only before a quote: double them there, and escape the quote.
    out += ch === '"' ? '\\'.repeat(slashes * 2 + 1) + '"' : '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

/** The arguments after the program, quoted and joined (ShellExecuteExW's lpParameters). */
export function windowsArguments(args: readonly string[]): string {
  return args.map(quoteWindowsArgument).join(' ');
}
