// The real PostgreSQL and Redis servers for the tests: started by server/devServices.ts, which
// `npm run cluster` (server/cluster.ts) uses too.
export * from '../../../server/devServices.ts';
