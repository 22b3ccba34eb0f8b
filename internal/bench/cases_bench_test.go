package bench

// Staff reads at volume: "my cases" (CaseService.ListCases, first page) and reading one case
// (CaseService.GetCase, audited) by 16 concurrent advisers over gRPC, against 100,000 cases in
// the durable PostgreSQL cluster of bench_test.go. See scripts/bench-cases.
//
// The data (made once per process, in its own database meldpunt_cases in the same cluster):
//
//   - a small organisation: 25 units (top, 4 directorates, 20 teams) and 337 employees, each with a
//     staff sign-in; every unit has a manager;
//   - 17 advisers: 15 internal (employees: adv-01 also manages team D1-T1, so that the conflict
//     filter of "my cases" has a unit to walk and cases to leave out) and 2 external;
//   - MELDPUNT_BENCH_CASES cases (default 100,000), filed through cases.Service.FileReport by 8
//     workers, each assigned to an adviser round robin, ~300-character descriptions, the 16
//     categories and the three anonymity choices mixed; their received_at spread over the last
//     two years (a clock of the seeding service), anonymous ones rounded to the hour as filing does;
//   - on every 50th case (2%) an employee linked as subject through cases.Service.LinkSubject.
//
// The seeding store connects with synchronous_commit=off (seeding is set-up, not measured; the
// data written is the same); the server measured connects with the cluster's durable defaults.
// After seeding: VACUUM (ANALYZE) and a CHECKPOINT, as autovacuum would have left a table that
// grew over two years; then the EXPLAIN (ANALYZE, BUFFERS) of the "my cases" query is printed.
//
// The server is wired as `meldpunt serve --dev` wires it: staff tokens are real ES256 tokens of an
// auth.DevIssuer, verified on every call. Each of the 16 clients is one adviser (14 internal,
// among them adv-01, and the 2 external ones), all on one shared grpc.ClientConn. A GetCase client
// reads random cases of its adviser (excluding the few its adviser is conflicted in), and every
// read writes an audit event: that is the design.
//
// Metrics per case: ops/s, p50/p95/p99 latency (ms), Go and PostgreSQL CPU per operation, cores
// busy (as bench_test.go), and other-cores: the CPU the rest of the machine used meanwhile. On a
// 2-core machine 16 clients queue for the CPU, so latency is about 16 / rate; a compiler running
// next to the benchmark easily doubles the p95. Knobs: MELDPUNT_BENCH_CASES, _CASES_SQL,
// _CPUPROFILE (below), MELDPUNT_BENCH_PGSTATS=1 (statements per operation, with planning time)
// and MELDPUNT_BENCH_LOG=1 (bench_test.go).

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/transport"
	"github.com/utrecht/meldpunt/internal/vault"
)

// envCPUProfile names a directory: each measured run of these benchmarks writes a CPU profile of
// the process for its timed part only (no seeding) to DIR/<benchmark>.cpu; the last, longest
// run of a benchmark is the one that stays.
const envCPUProfile = "MELDPUNT_BENCH_CPUPROFILE"

// envCasesSQL is SQL run on the seeded database before VACUUM (ANALYZE), for trying a change to the
// schema (an index, say) without a migration: MELDPUNT_BENCH_CASES_SQL='CREATE INDEX ...'.
const envCasesSQL = "MELDPUNT_BENCH_CASES_SQL"

// envCases overrides the number of cases seeded (default 100,000), e.g. for a quick trial.
const envCases = "MELDPUNT_BENCH_CASES"

const (
	defaultCases  = 100_000
	seedWorkers   = 8
	staffClients  = 16
	linkEvery     = 50 // every 50th case gets a subject: 2%
	seedSpan      = 2 * 365 * 24 * time.Hour
	progressEvery = 10_000
)

func BenchmarkMyCases(b *testing.B) {
	b.Run(fmt.Sprintf("clients=%d", staffClients), func(b *testing.B) {
		c := getCasesEnv(b)
		c.runStaff(b, staffClients, func(ctx context.Context, w *staffWorker) error {
			resp, err := c.client.ListCases(ctx, &pb.ListCasesRequest{})
			if err != nil {
				return fmt.Errorf("ListCases as %s: %w", w.adv.subject, err)
			}
			if n := len(resp.GetCases()); n == 0 || n > 50 {
				return fmt.Errorf("ListCases as %s: %d cases on the first page", w.adv.subject, n)
			}
			return nil
		})
	})
}

func BenchmarkReadCase(b *testing.B) {
	b.Run(fmt.Sprintf("clients=%d", staffClients), func(b *testing.B) {
		c := getCasesEnv(b)
		c.runStaff(b, staffClients, func(ctx context.Context, w *staffWorker) error {
			ref := w.adv.refs[w.rng.IntN(len(w.adv.refs))]
			resp, err := c.client.GetCase(ctx, &pb.GetCaseRequest{CaseReference: ref})
			if err != nil {
				return fmt.Errorf("GetCase %s as %s: %w", ref, w.adv.subject, err)
			}
			if got := resp.GetCase().GetSummary().GetCaseReference(); got != ref || resp.GetCase().GetDescription() == "" {
				return fmt.Errorf("GetCase %s as %s: got case %q", ref, w.adv.subject, got)
			}
			return nil
		})
	})
}

// ---- the environment: a seeded database and a server with staff sign-in ----

type benchAdviser struct {
	id       uuid.UUID
	subject  string
	name     string
	external bool
	token    string
	mu       sync.Mutex
	refs     []string // cases assigned to this adviser that they may read
}

type casesEnv struct {
	*env
	db       *sql.DB // superuser connection to meldpunt_cases: VACUUM, EXPLAIN
	st       *store.Store
	client   pb.CaseServiceClient
	advisers []*benchAdviser
	org      *benchOrg
	clients  []*benchAdviser // the adviser of each of the staffClients clients
}

var (
	casesOnce sync.Once
	theCases  *casesEnv
	casesErr  error
)

// getCasesEnv seeds the database and starts the server on first use.
func getCasesEnv(b *testing.B) *casesEnv {
	b.Helper()
	e := getEnv(b)
	casesOnce.Do(func() { theCases, casesErr = setupCases(e) })
	if casesErr != nil {
		b.Fatalf("bench: cases setup: %v", casesErr)
	}
	return theCases
}

func caseCount() (int, error) {
	s := os.Getenv(envCases)
	if s == "" {
		return defaultCases, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n < 17*linkEvery {
		return 0, fmt.Errorf("%s=%q: want a number of at least %d", envCases, s, 17*linkEvery)
	}
	return n, nil
}

func setupCases(e *env) (*casesEnv, error) {
	n, err := caseCount()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	c := &casesEnv{env: e}
	if _, err := e.admin.ExecContext(ctx, `CREATE DATABASE meldpunt_cases`); err != nil {
		return nil, err
	}
	dsn := withDatabase(e.dsn, "meldpunt_cases")
	if c.db, err = sql.Open("postgres", dsn); err != nil {
		return nil, err
	}
	c.db.SetMaxOpenConns(2)
	e.closers = append(e.closers, func() { c.db.Close() })

	var h slog.Handler = slog.DiscardHandler
	if os.Getenv(envLog) == "1" {
		h = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})
	}
	log := slog.New(transport.LogHandler{Handler: h})
	if c.st, err = store.Open(ctx, dsn, store.Options{MaxOpenConns: poolSize}); err != nil {
		return nil, err
	}
	e.closers = append(e.closers, func() { c.st.Close() })
	if err := c.st.Migrate(log); err != nil {
		return nil, err
	}
	v, err := vault.NewEphemeral()
	if err != nil {
		return nil, err
	}

	// ---- seed ----
	t0 := time.Now()
	if err := c.seed(ctx, dsn, v, n); err != nil {
		return nil, fmt.Errorf("seeding: %w", err)
	}
	seeded := time.Since(t0)
	t1 := time.Now()
	if extra := os.Getenv(envCasesSQL); extra != "" {
		fmt.Fprintf(os.Stderr, "bench: %s: %s\n", envCasesSQL, extra)
		if _, err := c.db.ExecContext(ctx, extra); err != nil {
			return nil, fmt.Errorf("%s: %w", envCasesSQL, err)
		}
	}
	if _, err := c.db.ExecContext(ctx, `VACUUM (ANALYZE)`); err != nil {
		return nil, err
	}
	if _, err := c.db.ExecContext(ctx, `CHECKPOINT`); err != nil {
		return nil, err
	}
	var size string
	if err := c.db.QueryRowContext(ctx, `SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&size); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "bench: seeded %s cases in %s (%s/s, %d workers); VACUUM (ANALYZE) + CHECKPOINT %s; database %s\n",
		thousands(n), seeded.Round(100*time.Millisecond), thousands(int(float64(n)/seeded.Seconds())), seedWorkers,
		time.Since(t1).Round(100*time.Millisecond), size)
	if e.pgstats {
		// Planning time too (a superuser setting: for the whole cluster, from the next statement).
		for _, q := range []string{`ALTER SYSTEM SET pg_stat_statements.track_planning = on`, `SELECT pg_reload_conf()`} {
			if _, err := c.db.ExecContext(ctx, q); err != nil {
				return nil, err
			}
		}
	}
	if err := c.explain(ctx); err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}

	// ---- the server, with staff sign-in by dev tokens ----
	keyDir, err := os.MkdirTemp("", "meldpunt-bench-devkey-")
	if err != nil {
		return nil, err
	}
	e.closers = append(e.closers, func() { os.RemoveAll(keyDir) })
	keyPath := filepath.Join(keyDir, "dev.jwk")
	if err := auth.InitDevKey(keyPath); err != nil {
		return nil, err
	}
	iss, err := auth.LoadDevIssuer(keyPath)
	if err != nil {
		return nil, err
	}
	for _, a := range c.advisers {
		if a.token, err = iss.Token(a.subject, a.name, []auth.Role{auth.RoleAdviser}, 24*time.Hour); err != nil {
			return nil, err
		}
	}
	svc, err := cases.New(cases.Config{
		Repo:       c.st.Cases(),
		Vault:      v,
		Limiter:    ratelimit.New(ratelimit.Config{}),
		Policy:     cases.DefaultPolicy(),
		SessionTTL: 30 * time.Minute,
	})
	if err != nil {
		return nil, err
	}
	adv, err := advisers.New(advisers.Config{Repo: c.st.Advisers()})
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithCancel(context.Background())
	srv, err := transport.New(sctx, transport.Config{
		GRPCAddr: "127.0.0.1:0",
		HTTPAddr: "127.0.0.1:0",
		Cases:    svc,
		FormKey:  make([]byte, 32),
		Advisers: adv,
		Staff:    iss.Verifier(),
		Log:      log,
		Ready:    c.st.Ping,
	})
	if err != nil {
		cancel()
		return nil, err
	}
	runErr := make(chan error, 1)
	go func() { runErr <- srv.Run(sctx) }()
	e.closers = append(e.closers, func() {
		cancel()
		select {
		case <-runErr:
		case <-time.After(30 * time.Second):
			fmt.Fprintln(os.Stderr, "bench: cases server did not stop within 30s")
		}
	})
	if err := waitReady(e.http, "http://"+srv.HTTPAddr()+"/readyz", runErr); err != nil {
		return nil, err
	}
	conn, err := grpc.NewClient(srv.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	e.closers = append(e.closers, func() { conn.Close() })
	c.client = pb.NewCaseServiceClient(conn)

	// The clients: 14 internal advisers (adv-01, who manages a team, among them) and both
	// external ones. Internal adviser adv-15 holds cases but has no client.
	for _, a := range c.advisers {
		if len(c.clients) < staffClients-2 && !a.external {
			c.clients = append(c.clients, a)
		}
	}
	for _, a := range c.advisers {
		if a.external {
			c.clients = append(c.clients, a)
		}
	}
	for _, a := range c.clients {
		if len(a.refs) == 0 {
			return nil, fmt.Errorf("adviser %s has no readable cases", a.subject)
		}
	}
	return c, nil
}

// ---- the organisation ----

type benchUnit struct {
	code, parent, manager string // manager: personnel number
}

type benchEmployee struct {
	number, unit, subject string
}

type benchOrg struct {
	units     map[string]benchUnit
	employees []benchEmployee
	byNumber  map[string]benchEmployee
}

var (
	givenNames  = []string{"Anna", "Bas", "Carmen", "Daan", "Esra", "Femke", "Gijs", "Hatice", "Ivo", "Jasmijn", "Kees", "Latifa", "Mark", "Noor", "Omar", "Petra", "Quinten", "Rania", "Sven", "Tessa", "Umut", "Vera", "Willem", "Yara", "Zeynep"}
	familyNames = []string{"de Vries", "Jansen", "Bakker", "Yilmaz", "Visser", "Smit", "El Amrani", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Öztürk", "van Dijk", "Kaya", "Dekker", "Brouwer"}
)

func personName(i int) string {
	return givenNames[i%len(givenNames)] + " " + familyNames[(i/len(givenNames)+i)%len(familyNames)]
}

// makeOrg builds the organisation: GEM at the top (5 people), directorates D1..D4 (8 each), and
// five teams under each (15 each): 25 units, 337 employees. The first member of each unit manages
// it. Internal adviser k (1..15) is an employee of team k, signing in as adv-kk: adv-01 as the
// team's manager, the others as its third member.
func makeOrg() ([]org.Unit, []org.Employee, *benchOrg) {
	bo := &benchOrg{units: map[string]benchUnit{}, byNumber: map[string]benchEmployee{}}
	var units []org.Unit
	var emps []org.Employee
	next := 10000
	team := 0
	addUnit := func(code, name, parent string, size int) {
		manager := strconv.Itoa(next)
		units = append(units, org.Unit{Code: code, Name: name, ParentCode: parent, ManagerNumber: manager})
		bo.units[code] = benchUnit{code: code, parent: parent, manager: manager}
		isTeam := strings.Contains(code, "-T")
		if isTeam {
			team++
		}
		for i := 0; i < size; i++ {
			number := strconv.Itoa(next)
			subject := "emp-" + number
			if isTeam && team <= 15 && ((team == 1 && i == 0) || (team > 1 && i == 2)) {
				subject = fmt.Sprintf("adv-%02d", team)
			}
			emps = append(emps, org.Employee{Number: number, Name: personName(next), UnitCode: code, StaffSubject: subject})
			be := benchEmployee{number: number, unit: code, subject: subject}
			bo.employees = append(bo.employees, be)
			bo.byNumber[number] = be
			next++
		}
	}
	addUnit("GEM", "Gemeente", "", 5)
	for d := 1; d <= 4; d++ {
		dc := fmt.Sprintf("D%d", d)
		addUnit(dc, "Directie "+dc, "GEM", 8)
		for t := 1; t <= 5; t++ {
			addUnit(fmt.Sprintf("%s-T%d", dc, t), fmt.Sprintf("Team %d van %s", t, dc), dc, 15)
		}
	}
	return units, emps, bo
}

// conflicted is the set of staff subjects conflicted by the employee as a case subject: theirs and
// those of the managers of their unit and every unit above (not themselves), as
// the conflict-of-interest checks (org.Chart.ConflictedAbout) have it.
func (bo *benchOrg) conflicted(number string) map[string]bool {
	e := bo.byNumber[number]
	out := map[string]bool{e.subject: true}
	for code := e.unit; code != ""; code = bo.units[code].parent {
		if m := bo.units[code].manager; m != number {
			out[bo.byNumber[m].subject] = true
		}
	}
	return out
}

// peopleOf is the personnel numbers of the employee signing in as subject and of everyone in the
// units they manage and below (store.conflictedCaseIDs): the cases about them are left out of the
// subject's lists.
func (bo *benchOrg) peopleOf(subject string) []string {
	var out []string
	managed := map[string]bool{}
	for _, e := range bo.employees {
		if e.subject == subject {
			out = append(out, e.number)
			for _, u := range bo.units {
				if u.manager == e.number {
					managed[u.code] = true
				}
			}
		}
	}
	for grew := true; grew; { // the units below: to a fixed point (the tree is small)
		grew = false
		for _, u := range bo.units {
			if !managed[u.code] && managed[u.parent] {
				managed[u.code], grew = true, true
			}
		}
	}
	for _, e := range bo.employees {
		if managed[e.unit] && e.subject != subject {
			out = append(out, e.number)
		}
	}
	return out
}

// ---- seeding ----

var sentences = []string{
	"Mijn leidinggevende maakt in werkoverleggen kleinerende opmerkingen over mij en over twee collega's.",
	"Een collega heeft bij de aanbesteding van het onderhoudscontract informatie doorgespeeld aan een bevriende aannemer.",
	"Na mijn klacht werd ik buiten het overleg over het nieuwe project gehouden.",
	"Op de afdeling worden declaraties ingediend voor reizen die niet hebben plaatsgevonden.",
	"Ik kreeg ongevraagd berichten met seksuele toespelingen van iemand uit een ander team.",
	"Bij de balie is een klant meerdere keren agressief geweest, en de meldingen daarover zijn niet opgepakt.",
	"Een teamleider heeft een familielid aangenomen zonder dat de vacature is opengesteld.",
	"Collega's durven er niets van te zeggen, omdat ze bang zijn voor hun verlenging.",
	"Er worden persoonsgegevens uit het klantsysteem opgezocht zonder dat daar een reden voor is.",
	"Ik heb dit eerder informeel aangekaart, maar er is niets veranderd.",
	"Het gaat al sinds het voorjaar zo en het wordt erger.",
	"Een leverancier biedt medewerkers van inkoop regelmatig dure etentjes en kaartjes aan.",
	"Ik wil dat dit stopt en dat er een gesprek komt met iemand die er iets aan kan doen.",
	"Ik weet niet of dit een misstand is, maar ik wil het wel gemeld hebben.",
	"Tijdens de teamdag werden grappen gemaakt over mijn afkomst en mijn geloof.",
	"Er is een nevenfunctie die niet is gemeld en die direct raakt aan het werk van de afdeling.",
}

func randomDescription(rng *rand.Rand) string {
	var sb strings.Builder
	for sb.Len() < 280 {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(sentences[rng.IntN(len(sentences))])
	}
	return sb.String()
}

func (c *casesEnv) seed(ctx context.Context, dsn string, v *vault.Vault, n int) error {
	seedDSN, err := withParams(dsn, "synchronous_commit=off")
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, seedDSN, store.Options{MaxOpenConns: 2 * seedWorkers})
	if err != nil {
		return err
	}
	defer st.Close()

	units, emps, bo := makeOrg()
	c.org = bo
	if _, err := st.ImportOrg(ctx, units, emps, nil); err != nil {
		return fmt.Errorf("org import: %w", err)
	}
	for k := 1; k <= 17; k++ {
		a := &benchAdviser{id: uuid.New()}
		kind := advisers.KindInternal
		if k <= 15 {
			a.subject, a.name = fmt.Sprintf("adv-%02d", k), "Vertrouwenspersoon "+personName(k*7)
		} else {
			a.subject, a.name, a.external, kind = fmt.Sprintf("ext-%02d", k-15), "Extern vertrouwenspersoon "+personName(k*11), true, advisers.KindExternal
		}
		ev := audit.Event{At: time.Now().UTC(), Actor: audit.Staff("bench-admin"), Action: "adviser.create"}
		if err := st.Advisers().Create(ctx, advisers.Adviser{
			ID: a.id, StaffSubject: a.subject, Name: a.name, Kind: kind, Languages: []string{"nl"}, Active: true, Version: 1,
		}, ev); err != nil {
			return fmt.Errorf("adviser %s: %w", a.subject, err)
		}
		c.advisers = append(c.advisers, a)
	}

	// Filing runs on a clock that steps through the last two years, so that received_at is spread
	// as a service that has been running for a while has it; links run on the real clock.
	start := time.Now().Add(-seedSpan)
	step := seedSpan / time.Duration(n)
	var tick atomic.Int64
	fileSvc, err := cases.New(cases.Config{
		Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy(),
		Now: func() time.Time { return start.Add(time.Duration(tick.Add(1)) * step) },
	})
	if err != nil {
		return err
	}
	linkSvc, err := cases.New(cases.Config{
		Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy(),
	})
	if err != nil {
		return err
	}
	intake := cases.StaffActor{Subject: "bench-intake", Intake: true}
	categories := cases.Categories()

	var (
		next, done atomic.Int64
		failed     atomic.Bool
		errOnce    sync.Once
		firstErr   error
		wg         sync.WaitGroup
		t0         = time.Now()
	)
	for w := 0; w < seedWorkers; w++ {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 0x6d656c64))
			fail := func(err error) {
				errOnce.Do(func() { firstErr = err })
				failed.Store(true)
			}
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				a := c.advisers[i%len(c.advisers)]
				r := cases.NewReport{
					IdempotencyKey: uuid.NewString(),
					Category:       categories[rng.IntN(len(categories))].Code,
					Content:        cases.ReportContent{Description: randomDescription(rng)},
					AdviserID:      &a.id,
				}
				switch p := rng.IntN(10); {
				case p < 5:
					r.Anonymity = cases.Anonymous
				case p < 8:
					r.Anonymity = cases.Confidential
				default:
					r.Anonymity = cases.Named
				}
				if r.Anonymity != cases.Anonymous {
					r.Identity = &cases.Identity{
						Name:       personName(rng.IntN(1000)),
						Contact:    fmt.Sprintf("06-%08d", rng.IntN(100_000_000)),
						Department: fmt.Sprintf("D%d", 1+rng.IntN(4)),
					}
				}
				f, err := fileSvc.FileReport(ctx, r)
				if err != nil {
					fail(fmt.Errorf("case %d: %w", i, err))
					return
				}
				ref := f.Summary.Reference
				readable := true
				if i%linkEvery == 0 {
					emp := bo.employees[rng.IntN(len(bo.employees))]
					if _, err := linkSvc.LinkSubject(ctx, intake, ref, emp.number); err != nil {
						fail(fmt.Errorf("case %d: link subject %s: %w", i, emp.number, err))
						return
					}
					readable = !bo.conflicted(emp.number)[a.subject]
				}
				if readable {
					a.mu.Lock()
					a.refs = append(a.refs, ref)
					a.mu.Unlock()
				}
				if d := done.Add(1); d%progressEvery == 0 || d == int64(n) {
					el := time.Since(t0)
					fmt.Fprintf(os.Stderr, "bench: seeded %s/%s cases, %s/s\n",
						thousands(int(d)), thousands(n), thousands(int(float64(d)/el.Seconds())))
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	// Both benchmarks draw from the same lists: fix their order, whatever the workers' timing.
	for _, a := range c.advisers {
		slices.Sort(a.refs)
	}
	return nil
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ---- EXPLAIN of "my cases" ----

// explain prints the plan of the query store.Cases.ListCases runs for an adviser's first page:
// ent's query, which selects every column of cases (SELECT * plans the same), for a plain
// internal adviser, for adv-01, whose list leaves out the cases they are conflicted in
// (store.conflictedCaseIDs: "id" NOT IN (...)), and for the external adviser ext-02.
func (c *casesEnv) explain(ctx context.Context) error {
	plain, manager, external := c.advisers[1], c.advisers[0], c.advisers[len(c.advisers)-1] // adv-02, adv-01, ext-02
	var conflictedIDs []any
	rows, err := c.db.QueryContext(ctx, `
		SELECT cs.case_id FROM case_subjects cs JOIN employees e ON e.id = cs.employee_id
		WHERE e.number = ANY($1)`, pq.Array(c.org.peopleOf(manager.subject)))
	if err != nil {
		return fmt.Errorf("conflicted cases of %s: %w", manager.subject, err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		conflictedIDs = append(conflictedIDs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	const q = `SELECT * FROM cases WHERE adviser_id = $1%s ORDER BY received_at DESC, id DESC LIMIT 51`
	var sb strings.Builder
	run := func(label, query string, args ...any) error {
		for round := 1; round <= 2; round++ {
			rows, err := c.db.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+query, args...)
			if err != nil {
				return err
			}
			var plan []string
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					rows.Close()
					return err
				}
				plan = append(plan, line)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			which := "first run"
			if round == 2 {
				which = "repeated"
			}
			fmt.Fprintf(&sb, "-- %s (%s):\n", label, which)
			for _, l := range plan {
				if len(l) > 240 { // the NOT IN list
					l = l[:240] + "..."
				}
				sb.WriteString("   " + l + "\n")
			}
			uses := strings.Contains(strings.Join(plan, "\n"), "casefile_adviser_id_received_at")
			fmt.Fprintf(&sb, "   => index casefile_adviser_id_received_at used: %v\n", uses)
		}
		return nil
	}
	var perAdviser int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE adviser_id = $1`, plain.id).Scan(&perAdviser); err != nil {
		return err
	}
	fmt.Fprintf(&sb, "==> EXPLAIN (ANALYZE, BUFFERS) of \"my cases\", first page (%s cases per adviser)\n", thousands(perAdviser))
	sql1 := fmt.Sprintf(q, "")
	fmt.Fprintf(&sb, "   %s\n", sql1)
	if err := run(plain.subject+" (no conflicts)", sql1, plain.id); err != nil {
		return err
	}
	var extCases int
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE adviser_id = $1`, external.id).Scan(&extCases); err != nil {
		return err
	}
	if err := run(fmt.Sprintf("%s (external, not an employee; %s cases)", external.subject, thousands(extCases)), sql1, external.id); err != nil {
		return err
	}
	if len(conflictedIDs) > 0 {
		ph := make([]string, len(conflictedIDs))
		for i := range ph {
			ph[i] = "$" + strconv.Itoa(i+2)
		}
		sql2 := fmt.Sprintf(q, ` AND id NOT IN (`+strings.Join(ph, ", ")+`)`)
		args := append([]any{manager.id}, conflictedIDs...)
		if err := run(fmt.Sprintf("%s (manages team D1-T1: id NOT IN %d conflicted cases)", manager.subject, len(conflictedIDs)), sql2, args...); err != nil {
			return err
		}
	}
	sb.WriteString("==> end of EXPLAIN\n")
	fmt.Fprint(os.Stderr, sb.String())
	return nil
}

// ---- the measured runs ----

type staffWorker struct {
	adv *benchAdviser
	rng *rand.Rand
	lat []time.Duration
}

// runStaff has exactly n clients, client i signed in as c.clients[i], carry out b.N operations
// between them, and reports rate, latency percentiles and CPU (as env.run does, plus p95).
func (c *casesEnv) runStaff(b *testing.B, n int, op func(context.Context, *staffWorker) error) {
	workers := make([]*staffWorker, n)
	ctxs := make([]context.Context, n)
	for i := range workers {
		a := c.clients[i%len(c.clients)]
		workers[i] = &staffWorker{
			adv: a,
			rng: rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano()))),
			lat: make([]time.Duration, 0, b.N/n+1),
		}
		ctxs[i] = metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+a.token)
	}
	var (
		next     atomic.Int64
		failed   atomic.Bool
		firstErr error
		errOnce  sync.Once
		wg       sync.WaitGroup
	)
	var prof *os.File
	if dir := os.Getenv(envCPUProfile); dir != "" {
		var err error
		if prof, err = os.Create(filepath.Join(dir, strings.NewReplacer("/", "_", "=", "").Replace(b.Name())+".cpu")); err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(prof); err != nil {
			b.Fatal(err)
		}
	}
	diag := c.pgstats && b.N >= minStatsOps
	if diag {
		if _, err := c.admin.ExecContext(context.Background(), `SELECT pg_stat_statements_reset()`); err != nil {
			b.Fatal(err)
		}
	}
	goCPU0, pgCPU0, sys0 := processCPU(), c.pgCPU(), systemBusy()
	b.ResetTimer()
	start := time.Now()
	for i, w := range workers {
		ctx := ctxs[i]
		wg.Go(func() {
			for !failed.Load() && next.Add(1) <= int64(b.N) {
				t0 := time.Now()
				if err := op(ctx, w); err != nil {
					errOnce.Do(func() { firstErr = err })
					failed.Store(true)
					return
				}
				w.lat = append(w.lat, time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	goCPU, pgCPU, sys := processCPU()-goCPU0, c.pgCPU()-pgCPU0, systemBusy()-sys0
	if prof != nil {
		pprof.StopCPUProfile()
		prof.Close()
	}
	if firstErr != nil {
		b.Fatalf("after %d operations: %v", next.Load(), firstErr)
	}
	ops := float64(b.N)
	b.ReportMetric(ops/elapsed.Seconds(), "ops/s")
	var lat []time.Duration
	for _, w := range workers {
		lat = append(lat, w.lat...)
	}
	slices.Sort(lat)
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.95)), "p95-ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
	b.ReportMetric(float64(goCPU.Microseconds())/ops, "go-cpu-us/op")
	if c.pgPID > 0 {
		b.ReportMetric(float64(pgCPU.Microseconds())/ops, "pg-cpu-us/op")
	}
	b.ReportMetric((goCPU+pgCPU).Seconds()/elapsed.Seconds(), "cores-busy")
	if sys > 0 {
		// CPU the rest of the machine used meanwhile (a compiler, say): the figures are only
		// comparable between runs where this is near 0.
		b.ReportMetric(max(0, (sys-goCPU-pgCPU).Seconds()/elapsed.Seconds()), "other-cores")
	}
	if diag {
		c.statements(b, ops)
	}
}

// systemBusy is the CPU time all processes of the machine have used so far (/proc/stat: all but
// idle and iowait). Zero when unavailable.
func systemBusy() time.Duration {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0
	}
	var ticks int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 || i >= 8 { // idle, iowait; guest times are already in user
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// statements logs, with MELDPUNT_BENCH_PGSTATS=1, what PostgreSQL ran per operation in
// meldpunt_cases during the run: calls, execution and planning time, rows.
func (c *casesEnv) statements(b *testing.B, ops float64) {
	b.Helper()
	rows, err := c.admin.QueryContext(context.Background(), `
		SELECT calls, total_exec_time, total_plan_time, rows, query FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'meldpunt_cases')
		ORDER BY total_exec_time + total_plan_time DESC`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var sb strings.Builder
	var calls, execMS, planMS float64
	fmt.Fprintf(&sb, "statements per operation in meldpunt_cases (%d ops):\n  calls/op  exec-us/call  plan-us/call  rows/call  query\n", int(ops))
	for rows.Next() {
		var n, exec, plan, nrows float64
		var q string
		if err := rows.Scan(&n, &exec, &plan, &nrows, &q); err != nil {
			b.Fatal(err)
		}
		calls, execMS, planMS = calls+n, execMS+exec, planMS+plan
		if n < ops/20 {
			continue
		}
		q = strings.Join(strings.Fields(q), " ")
		if len(q) > 150 {
			q = q[:150] + "..."
		}
		fmt.Fprintf(&sb, "  %8.2f  %12.1f  %12.1f  %9.1f  %s\n", n/ops, 1000*exec/n, 1000*plan/n, nrows/n, q)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(&sb, "  total: %.2f statements/op, %.0f us execution + %.0f us planning per op\n", calls/ops, 1000*execMS/ops, 1000*planMS/ops)
	fmt.Fprintf(os.Stderr, "%s: %s", b.Name(), sb.String()) // b.Log would be cut short
}
