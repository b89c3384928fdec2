export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, err?: unknown) => void;

export const consoleLog: Log = (level, message, err) => {
	const line = `[sync] ${message}`;
	if (err === undefined) console[level](line);
	else console[level](line, err instanceof Error ? err.message : err);
};

export const silentLog: Log = () => {};
