// Entry point: picks the transport (`--stdio` by default, `--node-ipc`,
// `--socket=N` via vscode-languageserver's argv handling) and starts the server.
import { startServer } from './server';
import { createServerConnection } from './transport';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) process.argv.push('--stdio');
const connection = createServerConnection();
startServer(connection);
