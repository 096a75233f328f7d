package main

import (
	"log"

	"github.com/hajimehoshi/ebiten/v2"
)

func main() {
	g, err := start()
	if err != nil {
		log.Fatal(err)
	}
	ebiten.SetWindowTitle("Svertka: convolution and pooling, step by step")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false)
	if err := ebiten.RunGame(g); err != nil {
		log.Fatal(err)
	}
}
