// Rendered on the server only so that its server load answers with the right status (a board
// that does not exist, or that one may not open, is a 404 before any page is sent). The board
// itself is live state held in the browser (Yjs, IndexedDB, WebSocket): +page.svelte mounts it
// there only.
export const ssr = true;
