package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRunServesAndStops runs the server as make serve does, on a free port
// under a prefix, reads the URL from its output, fetches the page and stops it.
func TestRunServesAndStops(t *testing.T) {
	dir := writeSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-dir", dir, "-port", "0", "-prefix", "/svertka/"}, outW, io.Discard)
		outW.Close()
	}()
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()

	first := <-lines
	m := regexp.MustCompile(`^Serving (.+) at (http://localhost:(\d+)/svertka/)$`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first output line %q does not match \"Serving DIR at http://localhost:PORT/svertka/\"", first)
	}
	if m[1] != dir || m[3] == "0" {
		t.Errorf("first line %q: want dir %s and a real port", first, dir)
	}
	resp, err := http.Get(m[2])
	if err != nil {
		t.Fatal(err)
	}
	if got := body(t, resp); got != siteFiles["index.html"] {
		t.Errorf("GET %s: %q", m[2], got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop within 10 s of the signal")
	}
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	if len(rest) == 0 || rest[len(rest)-1] != "Stopped." {
		t.Errorf("output after the URL line: %q, want it to end with \"Stopped.\"", rest)
	}
	if _, err := http.Get(m[2]); err == nil {
		t.Errorf("server still answers at %s after stopping", m[2])
	}
}

func TestRunRejectsBadArguments(t *testing.T) {
	dir := writeSite(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-dir", dir + "/missing"}, "run make build first"},
		{[]string{"-dir", dir + "/index.html"}, "is not a folder"},
		{[]string{"-dir", dir, "extra"}, `unexpected argument "extra"`},
		{[]string{"-port", "x"}, "invalid value"},
	} {
		var stderr strings.Builder
		err := run(context.Background(), tc.args, io.Discard, &stderr)
		if err == nil {
			t.Errorf("run %q: no error", tc.args)
			continue
		}
		if msg := err.Error() + stderr.String(); !strings.Contains(msg, tc.want) {
			t.Errorf("run %q: %q does not mention %q", tc.args, msg, tc.want)
		}
	}
}
