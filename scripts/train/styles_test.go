package main

import (
	"math"
	"math/rand/v2"
	"testing"
)

// stick returns a 28×28 image of a vertical stroke 2 pixels wide, rows
// 4…23, columns 13–14: a plain 1.
func stick() []float32 {
	img := make([]float32, field*field)
	for y := 4; y < 24; y++ {
		img[y*field+13], img[y*field+14] = 1, 1
	}
	return img
}

func TestAddFlag(t *testing.T) {
	img := stick()
	addFlag(img, 0.3, 45) // 6 px long, from the top (14, 5) down to the left
	end := [2]float64{14 - 6*math.Cos(math.Pi/4), 5 + 6*math.Sin(math.Pi/4)}
	if v := img[int(end[1])*field+int(end[0])]; v < 0.5 {
		t.Errorf("no ink at the flag's end %v: %v", end, v)
	}
	for y := range field {
		for x := range 12 {
			v := img[y*field+x]
			inFlag := float64(x)+0.5 > end[0]-1.5 && y >= 5 && float64(y) < end[1]+1.5
			if v > 0 && !inFlag {
				t.Errorf("ink at (%d, %d) = %v, outside the flag", x, y, v)
			}
		}
	}
	// Already flagged (or with a base): left alone.
	again := append([]float32(nil), img...)
	addFlag(again, 0.3, 30)
	for i := range img {
		if again[i] != img[i] {
			t.Fatal("a second flag was added to a flagged 1")
		}
	}
}

func TestAddCrossbar(t *testing.T) {
	img := stick()
	addCrossbar(img, 0.2, 0.5) // at row 4 + 10 = 14, 4 px each side of x = 14
	for x := 10; x <= 18; x++ {
		if v := img[14*field+x]; v < 0.5 {
			t.Errorf("bar pixel (%d, 14) = %v, want ink", x, v)
		}
	}
	for _, x := range []int{7, 21} {
		if v := img[14*field+x]; v != 0 {
			t.Errorf("pixel (%d, 14) = %v beyond the bar's ends", x, v)
		}
	}
}

// Only 1s get flags and only 7s bars; probability 0 adds nothing.
func TestWritingStylesApply(t *testing.T) {
	all := writingStyles{Flag1: 1, Crossed7: 1, FlagLen: 0.35, FlagAngle: 60}
	changed := func(s writingStyles, label int) bool {
		img := stick()
		s.apply(img, label, rand.New(rand.NewPCG(1, 2)))
		for i, v := range stick() {
			if img[i] != v {
				return true
			}
		}
		return false
	}
	for label, want := range map[int]bool{1: true, 7: true, 4: false, 0: false} {
		if got := changed(all, label); got != want {
			t.Errorf("label %d: changed %v, want %v", label, got, want)
		}
		if changed(writingStyles{FlagLen: 0.35, FlagAngle: 60}, label) {
			t.Errorf("label %d changed with probability 0", label)
		}
	}
}
