// Entry point of the bundled language server (dist/server.js). The transport comes from the
// command line: `--stdio`, `--node-ipc` (what the VS Code client uses) or `--socket=<port>`.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
