// Package assets is how Dojo's fighters look: the Form (eight bounded
// traits — build, height, head, skin, primary and secondary colours,
// headwear, face — fixed at mint, whose codes the contract stores) and the
// renderer that turns a Form into a portrait in pure Go (image.RGBA, integer
// geometry only, so the same Form gives the same pixels everywhere).
//
// A Form is read by one validating function, ParseForm; MarshalForm gives
// its canonical JSON, stored on IPFS beside the portrait. Sprite draws the
// same Form as a 64×96 figure in the arena's poses (idle, walk, jump,
// attack, block, hitstun, KO), with the portrait's palette and accessories.
//
// It must not import Ebiten: the arena wraps its images, and the headless
// CLI renders portraits when it mints.
package assets
