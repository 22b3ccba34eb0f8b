package staffweb

import (
	"context"
	"errors"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

type step struct {
	n    int
	last bool
}

func isLast(s step) bool { return s.last }

// steps is a stream of n messages, one every `every`, the last marked; failAt > 0 fails there.
func steps(n, failAt int, every time.Duration) func() (step, error) {
	i := 0
	return func() (step, error) {
		time.Sleep(every)
		i++
		if i == failAt {
			return step{}, errors.New("the database went away")
		}
		return step{n: i, last: i == n}, nil
	}
}

func TestAFastOperationGoesStraightToItsResult(t *testing.T) {
	released := make(chan struct{})
	msgs := receive(context.Background(), steps(3, 0, time.Millisecond), isLast, func() { close(released) })
	last, _, slow, err := await(msgs, time.Second, isLast)
	if err != nil || slow || last.n != 3 {
		t.Fatalf("await: last %v slow %v err %v", last, slow, err)
	}
	select {
	case <-released:
	case <-time.After(time.Second):
		t.Fatal("the stream was not released")
	}
}

func TestASlowOperationShowsEveryStepThenItsResult(t *testing.T) {
	msgs := receive(context.Background(), steps(5, 0, 20*time.Millisecond), isLast, func() {})
	_, latest, slow, err := await(msgs, 30*time.Millisecond, isLast)
	if err != nil || !slow || latest.n == 0 {
		t.Fatalf("await: latest %v slow %v err %v", latest, slow, err)
	}
	var result step
	page := relay(httptest.NewRequest("GET", "/", nil), latest, msgs, isLast, func(s step) { result = s }, func(err error) { t.Errorf("failed: %v", err) })
	var seen []int
	for s := range page {
		seen = append(seen, s.n)
	}
	if len(seen) == 0 || seen[0] != latest.n || seen[len(seen)-1] != 4 || result.n != 5 {
		t.Fatalf("the page saw %v, result %v; want the steps from %d to 4, then the result 5", seen, result, latest.n)
	}
}

func TestAFailureHalfwayIsShownAndARefusalComesFirst(t *testing.T) {
	// Refused at once (before any progress): await returns the error, however short its patience.
	msgs := receive(context.Background(), steps(5, 1, 0), isLast, func() {})
	if _, _, _, err := await(msgs, 0, isLast); err == nil {
		t.Fatal("a refusal before the first message was not returned")
	}
	// Failing halfway: the page gets the steps so far, then the failure.
	msgs = receive(context.Background(), steps(5, 3, 5*time.Millisecond), isLast, func() {})
	_, latest, slow, err := await(msgs, 0, isLast)
	if err != nil || !slow {
		t.Fatalf("await: %v %v", slow, err)
	}
	var failed error
	page := relay(httptest.NewRequest("GET", "/", nil), latest, msgs, isLast, func(step) { t.Error("finished") }, func(err error) { failed = err })
	for range page {
	}
	if failed == nil {
		t.Fatal("the failure halfway was not handed to the page")
	}
}

// A page that is closed halfway neither stops the operation nor leaves goroutines behind: the
// stream is read to its end and released.
func TestAClosedPageLetsTheOperationFinish(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 10 {
		ctx, leave := context.WithCancel(context.Background())
		r := httptest.NewRequest("GET", "/", nil).WithContext(ctx)
		read, released := 0, make(chan struct{})
		recv := steps(20, 0, time.Millisecond)
		msgs := receive(r.Context(), func() (step, error) { s, err := recv(); read = s.n; return s, err }, isLast, func() { close(released) })
		_, latest, _, _ := await(msgs, 0, isLast)
		page := relay(r, latest, msgs, isLast, func(step) {}, func(error) {})
		<-page
		<-page
		leave() // the browser goes away after two lines
		for range page {
		}
		select {
		case <-released:
		case <-time.After(2 * time.Second):
			t.Fatal("the stream was not read to its end after the page left")
		}
		if read != 20 {
			t.Fatalf("the operation's stream was read to %d of 20", read)
		}
	}
	time.Sleep(50 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Fatalf("goroutines: %d before, %d after", before, after)
	}
}
