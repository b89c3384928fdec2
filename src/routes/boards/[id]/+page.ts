// The board is live collaborative state held in the browser (Yjs, IndexedDB, WebSocket):
// there is nothing meaningful to render on the server.
export const ssr = false;
