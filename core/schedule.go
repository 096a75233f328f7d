package core

import "math"

// Schedule gives the learning rate of every batch of a run: step counts
// the batches from 0, stepsPerEpoch of them per epoch, totalSteps in the
// run. Fit sets the optimizer's rate from it before every batch.
type Schedule interface {
	LearningRate(step, stepsPerEpoch, totalSteps int) float32
}

// Constant keeps the learning rate Rate.
type Constant struct {
	Rate float64 `json:"rate"`
}

func (s Constant) LearningRate(int, int, int) float32 { return float32(s.Rate) }

// StepDecay multiplies the learning rate by Factor every Every epochs:
// Rate·Factor^⌊epoch/Every⌋.
type StepDecay struct {
	Rate   float64 `json:"rate"`
	Every  int     `json:"every"`
	Factor float64 `json:"factor"`
}

func (s StepDecay) LearningRate(step, stepsPerEpoch, _ int) float32 {
	every := max(s.Every, 1)
	return float32(s.Rate * math.Pow(s.Factor, float64(step/stepsPerEpoch/every)))
}

// CosineDecay goes from Rate at the first batch down to Floor after the
// last along half a cosine, as Keras's CosineDecay with alpha = Floor/Rate:
// Floor + (Rate − Floor)·(1 + cos(π·step/totalSteps))/2.
type CosineDecay struct {
	Rate  float64 `json:"rate"`
	Floor float64 `json:"floor"`
}

func (s CosineDecay) LearningRate(step, _, totalSteps int) float32 {
	t := float64(step) / float64(max(totalSteps, 1))
	return float32(s.Floor + (s.Rate-s.Floor)*0.5*(1+math.Cos(math.Pi*t)))
}
