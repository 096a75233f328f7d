// Package steps is the step logic of the Svertka explainer, kept apart from
// the drawing so that it can be tested natively: for a setting (scene,
// input, kernel, padding, stride, dilation, pooling) it works out where the
// window is at every step, which padded cells it reads, which output cell it
// writes and the numbers involved. Every output number comes from core
// (OutputSize, Conv2DSteps, Pool2D); this package adds only the geometry and
// the words. A minimal complete program:
//
//	package main
//
//	import (
//		"fmt"
//
//		"github.com/svertka/svertka/wasm/explainer/steps"
//	)
//
//	func main() {
//		cfg, err := steps.ParseQuery("kernel=sobel-x&padding=same&stride=2")
//		if err != nil {
//			panic(err)
//		}
//		img, err := steps.Sample(cfg.Input, cfg.Res)
//		if err != nil {
//			panic(err)
//		}
//		plan, err := steps.NewPlan(cfg, img)
//		if err != nil {
//			panic(err) // e.g. "output width floor((4 + 0 − 5)/1) + 1 = 0 ≤ 0: ..."
//		}
//		for i := range plan.Len() {
//			fmt.Println(plan.Describe(i, "en"))
//		}
//	}
//
// Conventions. Images are core tensors [H, W, C] with values in [0, 1].
// Coordinates are (row, column) from 0. Window positions are given on the
// padded input, whose row 0 is the first padding row (so the input's own
// row r is padded row r + Height.PadBefore). Output cells are numbered row
// by row. The first step of every scene (PhasePad) shows the input and its
// padding; the conv and pool scenes then write one output cell per step; the
// rgb scene does that for each of its two filters, followed by the sum of
// the three partial maps, the bias and the activation.
//
// Settings travel as URL queries (ParseQuery, Config.Query), so that the
// page URL, the playground's links and the desktop program's flags all use
// one format. Messages and descriptions exist in English and Russian.
package steps
