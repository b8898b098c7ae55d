// Bounds shared by the settings schema, the settings form and the CLI flags, so the three agree.

/**
 * The connection budget (maxStreams): log streams open at once over all servers. Each costs a
 * socket, a parser and buffers; 1,000 is far more than anyone reads, and far less than 10,000.
 */
export const MAX_STREAMS_RANGE = { min: 1, max: 1000 } as const;
export const DEFAULT_MAX_STREAMS = 64;
