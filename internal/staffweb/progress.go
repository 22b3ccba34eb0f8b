package staffweb

import (
	"context"
	"net/http"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Long operations (an import, the annual report) are server-streaming calls: messages that say
// how far they are, the last one carrying the result. A page waits for the result for
// Config.ProgressAfter; a slower operation gets a page that goes out line by line as the
// messages arrive (its template ranges over a channel), then the result.

// streamed is one message of a progress stream, or how it ended.
type streamed[T any] struct {
	msg T
	err error
}

// receive pumps a stream's messages into a channel until the last one (done) or an error, and
// closes it, then calls release (which ends the stream's context). When the page is gone (page
// ends) it goes on reading the stream to its end without passing anything on, so that the
// operation is neither cut off nor left blocked.
func receive[T any](page context.Context, recv func() (T, error), done func(T) bool, release func()) <-chan streamed[T] {
	out := make(chan streamed[T], 1)
	go func() {
		defer release()
		defer close(out)
		gone := false
		for {
			msg, err := recv()
			if !gone {
				select {
				case out <- streamed[T]{msg, err}:
				case <-page.Done():
					gone = true
				}
			}
			if err != nil || done(msg) {
				return
			}
		}
	}()
	return out
}

// streamPage prepares w for a page that goes out while an operation runs: the server's write
// time limit (meant for ordinary answers) would otherwise cut it off.
func streamPage(w http.ResponseWriter) flushingWriter {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	return flushingWriter{w}
}

// await waits for the last message for at most patience. It returns the last message (or the
// error) when it came in time; otherwise slow is true, with the latest progress message (there
// is always one: until the first arrives there is nothing to show, and a refusal comes first).
func await[T any](msgs <-chan streamed[T], patience time.Duration, done func(T) bool) (last T, latest T, slow bool, err error) {
	timer := time.NewTimer(patience)
	defer timer.Stop()
	expired, got := false, false
	for {
		select {
		case m, ok := <-msgs:
			switch {
			case !ok:
				return last, latest, false, status.Error(codes.Canceled, "the operation was interrupted")
			case m.err != nil:
				return last, latest, false, m.err
			case done(m.msg):
				return m.msg, latest, false, nil
			}
			latest, got = m.msg, true
			if expired {
				return last, latest, true, nil
			}
		case <-timer.C:
			if got {
				return last, latest, true, nil
			}
			expired = true
		}
	}
}

// relay passes progress messages from msgs to the page's channel, starting with latest, until
// the last message (handed to finish) or an error (handed to fail); then it closes the page's
// channel, so that the template goes on to the result.
func relay[T any](r *http.Request, latest T, msgs <-chan streamed[T], done func(T) bool, finish func(T), fail func(error)) <-chan T {
	page := make(chan T)
	go func() {
		defer close(page)
		msg := latest
		for {
			select {
			case page <- msg:
			case <-r.Context().Done():
				return
			}
			m, ok := <-msgs
			switch {
			case !ok:
				fail(status.Error(codes.Canceled, "the operation was interrupted"))
				return
			case m.err != nil:
				fail(m.err)
				return
			case done(m.msg):
				finish(m.msg)
				return
			}
			msg = m.msg
		}
	}()
	return page
}

// flushingWriter sends every write to the browser at once.
type flushingWriter struct{ http.ResponseWriter }

func (f flushingWriter) Write(p []byte) (int, error) {
	n, err := f.ResponseWriter.Write(p)
	if err == nil {
		err = http.NewResponseController(f.ResponseWriter).Flush()
	}
	return n, err
}
