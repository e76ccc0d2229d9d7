// electron-builder.yml, read and validated by electron-builder's own loader and schema (the build itself
// needs the Electron binary and runs on Windows CI): the packaged app must carry the security fuses.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';

const root = path.resolve(__dirname, '..', '..');
const quietLog = { isEnabled: false, add: () => {} } as unknown as Parameters<typeof validateConfiguration>[1];

describe('electron-builder.yml', () => {
  it('is valid for electron-builder and flips the Electron fuses', async () => {
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, quietLog);
    expect(config.electronFuses).toMatchObject({
      // Multiopen.exe must not double as a general Node.js (ELECTRON_RUN_AS_NODE), nor take code from
      // NODE_OPTIONS or a debugger attached with --inspect.
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      // Only the packaged app.asar, checked against the hash embedded in the exe, is loaded.
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
    expect(config.asar).not.toBe(false);
  }, 30_000);

  it('has a schema that catches a misspelt fuse (so the names above are the ones electron-builder reads)', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as never }, quietLog)).rejects.toThrow(/electronFuses/);
  }, 30_000);
});
