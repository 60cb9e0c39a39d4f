/**
 * Session configuration entries both ONNX Runtime engines get: `session.force_spinning_stop`
 * stops the intra-op threads' spin-waiting once a run returns (they spin as usual within a run).
 * Otherwise they keep a core busy after each step, which the engine timed next in the
 * interleaved rounds would lose.
 */
export const ORT_SESSION_EXTRA = { session: { force_spinning_stop: '1' } } as const;
