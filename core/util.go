package core

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string { return strconv.Quote(s) }

func asCore(err error, target **coreError) bool { return errors.As(err, target) }

// truncate shortens text taken from untrusted input before it goes into an
// error message.
func truncate(s string) string {
	const n = 64
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// grow returns s resliced to length n, reallocated only when too small;
// the values are whatever s held.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
