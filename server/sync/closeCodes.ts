import { CLOSE } from '../../src/lib/board/model/closeCodes.ts';

export { CLOSE };

/** Thrown while handling one message; the connection boundary closes that socket with `code`. */
export class MessageError extends Error {
	readonly code: number;
	constructor(code: number, message: string) {
		super(message);
		this.code = code;
	}
}
