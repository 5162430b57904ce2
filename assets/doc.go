// Package assets is how Dojo's fighters look: the Form (eight bounded
// traits — build, height, head, skin, primary and secondary colours,
// headwear, face — fixed at mint, whose codes the contract stores) and the
// renderer that turns a Form into a portrait in pure Go (image.RGBA, integer
// geometry only, so the same Form gives the same pixels everywhere).
//
// A Form is read by one validating function, ParseForm; MarshalForm gives
// its canonical JSON, stored on IPFS beside the portrait. The desktop arena
// will draw its sprites from the same Form (not built yet: the portrait is).
//
// It must not import Ebiten: the arena wraps its images, and the headless
// CLI renders portraits when it mints.
package assets
