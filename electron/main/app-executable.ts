/**
 * The Multiopen exe a shortcut or an elevated restart must start. electron-builder's portable exe
 * unpacks the app into %TEMP% on every start and removes it on exit, so there process.execPath is a
 * throw-away copy; the portable launcher names the exe the user keeps in PORTABLE_EXECUTABLE_FILE.
 */

/** PORTABLE_EXECUTABLE_FILE when the portable launcher set it, else the running exe. */
export function appExecutable(env: NodeJS.ProcessEnv = process.env, execPath: string = process.execPath): string {
  const portable = env.PORTABLE_EXECUTABLE_FILE?.trim();
  return portable ? portable : execPath;
}
