// A process that opens the embedded database in DATA_DIR and keeps it open until it is killed:
//   DATA_DIR=… node --conditions=react-server --import tsx tests/hold-data-dir.ts
// Prints "ready <pid>" once the database is open. SIGTERM closes it cleanly.
import path from 'node:path';
import { migrate, openDatabase } from '@/db/client';

const handle = await openDatabase({ driver: 'pglite', dataDir: path.resolve(process.env.DATA_DIR ?? '.data', 'pglite') });
await migrate(handle);
process.once('SIGTERM', () => void handle.close().finally(() => process.exit(0)));
process.stdout.write(`ready ${process.pid}\n`);
setInterval(() => {}, 60_000);
