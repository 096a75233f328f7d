//go:build js && wasm

package bridge

import (
	"errors"
	"strings"
	"syscall/js"
	"testing"
)

// TestAsyncSettlesLater registers a function whose Work steps through a
// count, yielding between steps, and checks that the JavaScript event loop
// runs meanwhile: a timer set after the call fires before it settles, and a
// plain Func called from that timer is served.
func TestAsyncSettlesLater(t *testing.T) {
	ns := NewNamespace()
	defer ns.Release()
	steps := 0
	ns.RegisterAsync("count", func(args []js.Value) (Work, error) {
		n, err := Int("n", Arg(args, 0))
		if err != nil {
			return nil, err
		}
		return func() (any, error) {
			for range n {
				Yield()
				steps++
			}
			return n, nil
		}, nil
	})
	ns.Register("steps", func([]js.Value) (any, error) { return steps, nil })
	js.Global().Set("asyncNS", ns.Value())
	defer js.Global().Delete("asyncNS")

	// The page's view: the timer reads the step counter while count runs.
	v, err := Await(jsEval(`(async () => {
		const seen = [];
		const timer = new Promise((ok) => setTimeout(() => asyncNS.steps().then((s) => { seen.push(s); ok(); }), 0));
		const p = asyncNS.count(2000);
		const first = await Promise.race([p.then(() => 'count'), timer.then(() => 'timer')]);
		const n = await p;
		return [first, n, seen[0], (await asyncNS.steps())];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got := Describe(v); !strings.HasPrefix(got, `["timer",2000,`) || !strings.HasSuffix(got, ",2000]") || v.Index(2).Int() >= 2000 {
		t.Errorf("got %s; want the timer first, with the count part way, and 2000 steps in the end", got)
	}
}

func TestAsyncRejects(t *testing.T) {
	ns := NewNamespace()
	defer ns.Release()
	ns.RegisterAsync("job", func(args []js.Value) (Work, error) {
		what, err := String("what", Arg(args, 0))
		if err != nil {
			return nil, err
		}
		return func() (any, error) {
			Yield()
			switch what {
			case "fail":
				return nil, errors.New("the job failed after a yield")
			case "panic":
				var p *struct{ x int }
				p.x++
			case "badResult":
				return struct{}{}, nil
			}
			return "done " + what, nil
		}, nil
	})
	console := js.Global().Get("console")
	consoleError := console.Get("error")
	defer console.Set("error", consoleError)
	console.Set("error", jsEval("() => {}"))

	// Refused at once: the synchronous part's error, with no Work started.
	_, err := callJS(t, ns, "job", 3)
	wantRejection(t, err, "job: what must be a string, got 3")
	_, err = callJS(t, ns, "job", "fail")
	wantRejection(t, err, "job: the job failed after a yield")
	_, err = callJS(t, ns, "job", "panic")
	rej := wantRejection(t, err, "job: internal error (a bug in svertka, please report it)", "nil pointer dereference")
	if stack := rej.Reason.Get("goStack"); stack.Type() != js.TypeString {
		t.Errorf("goStack = %s", Describe(stack))
	}
	_, err = callJS(t, ns, "job", "badResult")
	wantRejection(t, err, "job: internal error", "invalid value")
	if v, err := callJS(t, ns, "job", "ok"); err != nil || v.String() != "done ok" {
		t.Errorf("job(ok) after the failures = %s, %v", Describe(v), err)
	}
}

// TestYieldOrder runs several goroutines that yield in turns: they wake in
// the order they yielded, so each round wakes every one of them once, in
// the same order as the round before.
func TestYieldOrder(t *testing.T) {
	const workers, rounds = 3, 50
	done := make(chan bool)
	order := make(chan int, workers*rounds)
	for w := range workers {
		go func() {
			for range rounds {
				Yield()
				order <- w
			}
			done <- true
		}()
	}
	for range workers {
		<-done
	}
	close(order)
	var got []int
	for w := range order {
		got = append(got, w)
	}
	if len(got) != workers*rounds {
		t.Fatalf("%d wake-ups, want %d", len(got), workers*rounds)
	}
	for i := workers; i < len(got); i++ {
		if got[i] != got[i-workers] {
			t.Fatalf("wake-ups %v: round %d differs from the one before", got[:i+1], i/workers)
		}
	}
}
