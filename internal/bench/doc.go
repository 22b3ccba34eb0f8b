// Package bench holds throughput benchmarks of report filing against PostgreSQL; it has no
// non-test code. Run them with scripts/bench, which also prints a summary:
//
//	scripts/bench                       # go test ./internal/bench -run '^$' -bench . -benchtime=5s -count=1
//	scripts/bench -bench FileReport/grpc -cpuprofile cpu.out
//
// The benchmarks start their own PostgreSQL cluster with internal/pgtest.StartCluster and the
// server's durable defaults (fsync, synchronous_commit and full_page_writes on), never pgtest's
// fast throwaway cluster, and run the real server in-process, wired as `meldpunt serve` wires it.
// Without PostgreSQL server binaries they skip. The normal test suite runs none of this: there are
// no Test functions here, and the cluster starts only when a benchmark runs.
package bench
