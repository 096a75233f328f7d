package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		6 * time.Second:                                   "6s",
		4*time.Minute + 5*time.Second:                     "4m05s",
		time.Hour + 2*time.Minute + 3500*time.Millisecond: "1h02m04s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// Not on a terminal: a line per tenth of an epoch, with the running loss and
// accuracy, then the epoch's summary.
func TestProgressLog(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 2, 100)
	p.startEpoch()
	for range 10 {
		p.step(0, 10, 0.5, 9)
	}
	p.endEpoch(0, 1e-3, 0.98, 0.07, 3*time.Second)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 11 {
		t.Fatalf("%d lines, want 10 progress lines and a summary:\n%s", len(lines), buf.String())
	}
	for _, want := range []string{"epoch 1/2 [", "100%", "loss 0.5000", "acc  90.00%", "ETA "} {
		if !strings.Contains(lines[9], want) {
			t.Errorf("progress line %q lacks %q", lines[9], want)
		}
	}
	for _, want := range []string{"done in 3s", "train loss 0.5000 acc 90.00%", "test loss 0.0700 acc 98.00%", "lr 0.001"} {
		if !strings.Contains(lines[10], want) {
			t.Errorf("summary %q lacks %q", lines[10], want)
		}
	}
	if strings.Contains(buf.String(), "\r") {
		t.Error("carriage returns in a log")
	}
}
