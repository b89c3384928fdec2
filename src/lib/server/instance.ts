import { randomUUID } from 'node:crypto';

/**
 * Module-level state like any cache or limiter: one value per loaded copy of this module. The sync
 * server and the routes report it behind TANDEM_DEBUG_METRICS, so a test sees whether they share
 * one module graph (tests/integration/oneGraph.test.ts).
 */
export const INSTANCE_ID = randomUUID();
