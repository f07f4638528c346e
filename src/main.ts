import { loadAppConfig } from './config/app-config';
import { ConfigValidationError } from './config/environment';
import { DataDirInUseError } from './database/embedded-postgres';

/** Bootstrap only: validate the environment first (a bad value: one message naming it, exit 1), then serve. */
async function main(): Promise<void> {
  loadAppConfig(process.env);
  const { serve } = await import('./server.js');
  await serve();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError || error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`启动失败 (failed to start): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
