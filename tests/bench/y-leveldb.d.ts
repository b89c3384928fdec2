// y-leveldb 0.1.2 names a declaration file it does not ship; the part the bench uses.
declare module 'y-leveldb' {
	export class LeveldbPersistence {
		constructor(location: string);
		storeUpdate(docName: string, update: Uint8Array): Promise<number>;
		destroy(): Promise<void>;
	}
}
