package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws the training progress bar: on a terminal one line
// rewritten in place (\r) a few times a second; otherwise (a log file, CI)
// a plain line every tenth of an epoch.
type progress struct {
	w         io.Writer
	tty       bool
	epochs    int
	perEpoch  int // samples per epoch
	start     time.Time
	lastDraw  time.Time
	lastTenth int
	// running means over the current epoch
	samples int
	lossSum float64
	correct int
}

func newProgress(w io.Writer, epochs, perEpoch int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			tty = fi.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progress{w: w, tty: tty, epochs: epochs, perEpoch: perEpoch, start: time.Now()}
}

// startEpoch resets the running means.
func (p *progress) startEpoch() {
	p.samples, p.lossSum, p.correct, p.lastTenth = 0, 0, 0, 0
}

// step records a trained batch of epoch e (0-based) and redraws if due.
func (p *progress) step(e, n int, loss float32, correct int) {
	p.samples += n
	p.lossSum += float64(loss) * float64(n)
	p.correct += correct
	now := time.Now()
	if p.tty {
		if now.Sub(p.lastDraw) >= 200*time.Millisecond || p.samples == p.perEpoch {
			fmt.Fprintf(p.w, "\r%s", p.line(e, now))
			p.lastDraw = now
		}
		return
	}
	if tenth := 10 * p.samples / p.perEpoch; tenth > p.lastTenth {
		p.lastTenth = tenth
		fmt.Fprintln(p.w, p.line(e, now))
	}
}

// line formats the bar: epoch, fraction done, running loss and accuracy,
// speed and the estimated time left for the whole run.
func (p *progress) line(e int, now time.Time) string {
	const width = 24
	frac := float64(p.samples) / float64(p.perEpoch)
	filled := int(frac * width)
	elapsed := now.Sub(p.start)
	done := float64(e*p.perEpoch + p.samples)
	total := float64(p.epochs * p.perEpoch)
	rate := done / elapsed.Seconds()
	eta := time.Duration((total - done) / rate * float64(time.Second))
	return fmt.Sprintf("epoch %*d/%d [%s%s] %3.0f%%  loss %.4f  acc %6.2f%%  %4.0f samples/s  ETA %s",
		len(fmt.Sprint(p.epochs)), e+1, p.epochs,
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), 100*frac,
		p.lossSum/float64(max(p.samples, 1)), 100*float64(p.correct)/float64(max(p.samples, 1)),
		rate, formatDuration(eta))
}

// endEpoch finishes the epoch's line with the test results.
func (p *progress) endEpoch(e int, lr float32, testAcc, testLoss float64, took time.Duration) {
	if p.tty {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "epoch %*d/%d done in %s: train loss %.4f acc %.2f%% | test loss %.4f acc %.2f%% | lr %.2g\n",
		len(fmt.Sprint(p.epochs)), e+1, p.epochs, formatDuration(took),
		p.lossSum/float64(max(p.samples, 1)), 100*float64(p.correct)/float64(max(p.samples, 1)),
		testLoss, 100*testAcc, lr)
}

// formatDuration rounds to seconds: 1h02m03s, 4m05s, 6s.
func formatDuration(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	switch {
	case s >= 3600:
		return fmt.Sprintf("%dh%02dm%02ds", s/3600, s/60%60, s%60)
	case s >= 60:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}
