process.env.AKTE_TEST_DB = 'sqlite';
// The write gate reports a write started outside the transaction that holds it at once (db/write-gate.ts); off in
// production, where it would cost promise hooks on every await.
process.env.AKTE_WRITE_GATE_CHECKS = 'on';
