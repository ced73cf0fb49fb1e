'use strict';
// Preloaded into the API process a bench starts (node -r bench/memory-probe.js dist/main.js):
// answers the parent's { memory: true } over the IPC channel with process.memoryUsage() and
// the V8 heap's spaces, so a bench can tell the JS heap from Buffers (external) and from what
// only the RSS shows (native allocations, code, thread stacks). { heapSnapshot: dir } writes
// a heap snapshot there for a closer look. Without an IPC channel it does nothing.
const v8 = require('node:v8');

if (process.send) {
  process.on('message', (message) => {
    if (!message || typeof message !== 'object' || message.probe === undefined) return;
    const answer = { probe: message.probe };
    if (message.heapSnapshot) answer.file = v8.writeHeapSnapshot(require('node:path').join(message.heapSnapshot, `api-${process.pid}-${Date.now()}.heapsnapshot`));
    if (message.gc && global.gc) global.gc();
    const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
    const usage = process.memoryUsage();
    answer.memory = Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, mb(v)]));
    answer.spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]));
    process.send(answer);
  });
  // The channel must not keep the server alive once it closes.
  process.channel?.unref();
}
