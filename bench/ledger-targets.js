'use strict';
// bench:ledger's verdict on its targets: the API against pgbench's TPC-B-like rate and against
// raw SQL, 4 households against 1,000, and each p99, judged from the slices' own figures.

/** The p-th percentile of ascending `sorted` (null when empty). */
function quantile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null;
}

/**
 * A figure cut (not rounded) to `digits`, so that what is shown agrees with the verdict beside
 * it: 0.4999 shows as 0.499 (NOT met), not 0.500, and a p99 of 49.996 ms as 49.99 (met).
 */
const cut = (x, digits) => (Math.floor(x * 10 ** digits) / 10 ** digits).toFixed(digits);

/**
 * Prints each target with its verdict, judged on unrounded figures (a ratio of 0.4984 printed
 * as 0.50 read as met), then how many were met. A run that is not a measurement meets none:
 * any request that failed or got no answer in the API or raw-SQL slices, or a ledger that
 * verify finds wrong (other than the raw postings' missing audit events, which are expected).
 * `tpcb` is null where pgbench did not run (`pgbenchAbsent` says why).
 */
function judgeTargets({ api, raw, hot, tpcb, pgbenchAbsent, ledgerProblems }) {
  const rate = (sink) => sink.latencies.length / sink.seconds;
  const p99 = (sink) => quantile([...sink.latencies].sort((a, b) => a - b), 99);
  const failures = api.failed + raw.failed + hot.failed;
  const judged = [];
  const target = (label, shown, ok, goal) => {
    const met = ok && failures === 0 && ledgerProblems === 0;
    judged.push(met);
    console.log(`${label}: ${shown} (target ${goal}: ${met ? 'met' : 'NOT met'})`);
  };
  const positive = (x) => Number.isFinite(x) && x > 0;
  const ratioTarget = (label, a, b, goal) => {
    const measured = positive(a) && positive(b);
    target(label, measured ? cut(a / b, 3) : 'no rate', measured && a / b >= goal, `>= ${goal.toFixed(1)}`);
  };
  if (tpcb) ratioTarget('API / pgbench TPC-B-like', rate(api), tpcb.transactions / tpcb.seconds, 0.5);
  else console.log(`API / pgbench TPC-B-like: not measured (${pgbenchAbsent})`);
  ratioTarget('API / raw SQL rate', rate(api), rate(raw), 1.0);
  ratioTarget('4 households / 1,000 households (API)', rate(hot), rate(api), 0.9);
  for (const [label, sink] of [['API p99', api], ['4 households p99', hot]]) {
    const ms = p99(sink);
    target(label, ms === null ? 'no postings' : `${cut(ms, 2)} ms`, ms !== null && ms < 50, '< 50 ms');
  }
  if (failures) console.log(`failed or unanswered requests and postings: ${failures}, so no target is met in this run`);
  if (ledgerProblems) console.log(`ledger verify found ${ledgerProblems} problem(s) besides the raw postings' missing audit events, so no target is met in this run`);
  console.log(`targets met: ${judged.filter(Boolean).length} of ${judged.length}${tpcb ? '' : ' (API / pgbench not measured)'}`);
}

module.exports = { quantile, judgeTargets };
