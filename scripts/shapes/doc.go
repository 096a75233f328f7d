// Command shapes trains the playground's colour demo model and writes it
// in the TF.js layers format to site/models/shapes/ (model.json and
// group1-shard1of1.bin), where the page opens it with
// ?model=models/shapes/model.json, as it would any Keras model saved for
// TF.js.
//
// The model tells a circle, a square and a triangle apart in a 32×32 RGB
// picture: one filled shape of any colour, size, position and rotation on
// a background of two other colours blended top to bottom, with a little
// noise. The pictures are drawn here (4×4 supersampled), from a seeded
// stream, so the run is reproducible: the same seed writes the same files.
//
//	go run ./scripts/shapes [-out site/models/shapes] [-seed 1] [-epochs 20]
//
// It prints the accuracy on pictures it did not train on.
package main
