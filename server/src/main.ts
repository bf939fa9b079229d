// Entry point: picks the transport (`--stdio` by default, `--node-ipc`,
// `--socket=N` via vscode-languageserver's argv handling) and starts the server.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) process.argv.push('--stdio');
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
