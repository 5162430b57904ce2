// Package assets will hold Dojo's embedded art, fonts and sounds, and render a
// Form (body traits, palette) into sprites and a portrait in pure Go
// (image.RGBA), shared by the arena and by minting.
//
// Not built yet: this package is a placeholder in the layout of DESIGN.md.
// It must not import Ebiten; the arena wraps its images.
package assets
