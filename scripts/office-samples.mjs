// Regenerates the sample pages of docs/office.md: `node scripts/office-samples.mjs [--dpi 72] [--out docs/office]`.
// Builds the small deterministic county of test/support/office-dataset.ts in an embedded database (the test harness,
// frozen clock), downloads every office document and export as the county office, converts each to PDF with
// LibreOffice and writes its first page as a PNG (pdftoppm) to docs/office/<name>.png. Needs soffice and poppler-utils
// (Debian: libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { dpi: { type: 'string', default: '72' }, out: { type: 'string', default: 'docs/office' } } });
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const env = { ...process.env, OFFICE_SAMPLES_DIR: path.resolve(values.out), OFFICE_SAMPLES_DPI: values.dpi, REQUIRE_LIBREOFFICE: '1' };
delete env.DATABASE_URL; // the embedded database: the samples do not depend on a server's data
const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'node_modules/jest/bin/jest.js',
  '--testMatch', '<rootDir>/test/office/office-samples.run.ts', '--verbose=false'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
