//go:build js && wasm

package bridge

import "strings"

// closest returns the candidate most likely meant by a mistyped name: one
// equal to it ignoring case, else the one at the smallest edit distance if
// that is small for the name's length, where a name that starts another
// ("padd", "dilation_rate") counts as one edit away. It returns "" when
// nothing is close.
func closest(name string, candidates []string) string {
	if len(name) > maxGuess {
		return "" // no typo of an option name is that long
	}
	lname := strings.ToLower(name)
	best, bestDist := "", len(name)/3+2
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == lname {
			return c
		}
		d := editDistance(lname, lc)
		if min(len(lc), len(lname)) >= 3 && (strings.HasPrefix(lc, lname) || strings.HasPrefix(lname, lc)) {
			d = 1
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// maxGuess is the longest name closest looks at, which keeps its cost (the
// product of the lengths) small.
const maxGuess = 64

// editDistance is the Levenshtein distance between a and b over bytes
// (option names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
