import type * as Y from 'yjs';

// The votes' key on its own, so the board page can tell whether a vote exists without loading the
// vote code (the vote panel loads when there is one: issue #10).
export const votesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('votes');
