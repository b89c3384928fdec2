// The reference server exactly as @y/websocket-server 0.1.1 ships it (in memory: YPERSISTENCE is
// unset), plus a clean exit on SIGTERM so that --cpu-prof can write its profile.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
await import(new URL('../../../node_modules/@y/websocket-server/src/server.js', import.meta.url).href);
