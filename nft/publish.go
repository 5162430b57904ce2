package nft

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/ipfs/go-cid"
)

// PublishInput is one state of a fighter to store.
type PublishInput struct {
	Name, Description string
	Core              *brain.Core
	Form              assets.Form
	// Previous links the Manifest this state follows (nil for a mint):
	// Published.Link or Fetched.Link of that state, so its size is known
	// without fetching it again.
	Previous *Link
	// Save counts the saves before this state.
	Save uint64
	// Token is the token the state belongs to (nil before mint).
	Token *Token
	// Attributes are extra ERC-721 attributes (training figures); the
	// Form's traits and the archetype are added first.
	Attributes []Attribute
}

// Published is what Publish stored.
type Published struct {
	Manifest     *Manifest
	ManifestCID  cid.Cid
	ManifestSize int64
}

// Link is the link a following state's Manifest gives this one.
func (p *Published) Link() *Link {
	return &Link{CID: p.ManifestCID.String(), Size: p.ManifestSize, Type: TypeManifest}
}

// Publish stores a fighter's state on IPFS: the Brain spec, the Memories
// (safetensors, lineage in the header), the Form, its portrait, and then the
// Manifest linking them (and the previous Manifest). Each part is its own
// object, so the parts a save does not change (the Brain, the Form, the
// portrait) keep their CIDs.
func Publish(ctx context.Context, s Store, in PublishInput) (*Published, error) {
	if in.Core == nil {
		return nil, errors.New("publish: no Core")
	}
	specBytes, err := brain.MarshalSpec(in.Core.Spec)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	memBytes, err := brain.EncodeMemories(&in.Core.Spec, &in.Core.Memories)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	formBytes, err := assets.MarshalForm(in.Form)
	if err != nil {
		return nil, err
	}
	portrait, err := assets.PortraitPNG(in.Form)
	if err != nil {
		return nil, err
	}
	id, err := in.Core.ID()
	if err != nil {
		return nil, err
	}
	add := func(data []byte, typ string) (Link, error) {
		c, err := s.Add(ctx, data)
		if err != nil {
			return Link{}, fmt.Errorf("publish %s: %w", typ, err)
		}
		return Link{CID: c.String(), Size: int64(len(data)), Type: typ}, nil
	}
	m := &Manifest{
		Name:        in.Name,
		Description: in.Description,
		Dojo: Dojo{
			Version: ManifestVersion, Rules: game.RulesVersion, ObsSpec: in.Core.Spec.ObsSpec,
			ActionSpec: in.Core.Spec.ActionSpec, Core: id, Save: in.Save, Token: in.Token,
		},
	}
	for _, x := range []struct {
		data []byte
		typ  string
		dst  *Link
	}{{specBytes, TypeBrain, &m.Dojo.Brain}, {memBytes, TypeMemories, &m.Dojo.Memories}, {formBytes, TypeForm, &m.Dojo.Form}, {portrait, TypePortrait, &m.Dojo.Portrait}} {
		if *x.dst, err = add(x.data, x.typ); err != nil {
			return nil, err
		}
	}
	if in.Previous != nil {
		// The previous Manifest's size is part of its link, so a reader
		// walking the history can bound each step (MarshalManifest checks
		// the link).
		prev := *in.Previous
		m.Dojo.Previous = &prev
	}
	m.Image = "ipfs://" + m.Dojo.Portrait.CID
	for _, a := range in.Form.Attributes() {
		m.Attributes = append(m.Attributes, Attribute{TraitType: a.TraitType, Value: Text(a.Value)})
	}
	m.Attributes = append(m.Attributes,
		Attribute{TraitType: "archetype", Value: Text(in.Core.Spec.Archetype)},
		Attribute{TraitType: "saves", DisplayType: "number", Value: Number(float64(in.Save))})
	m.Attributes = append(m.Attributes, in.Attributes...)
	data, err := MarshalManifest(m)
	if err != nil {
		return nil, err
	}
	c, err := s.Add(ctx, data)
	if err != nil {
		return nil, fmt.Errorf("publish manifest: %w", err)
	}
	return &Published{Manifest: m, ManifestCID: c, ManifestSize: int64(len(data))}, nil
}

// Fetched is a fighter's state read back from IPFS, every link checked.
type Fetched struct {
	ManifestCID  cid.Cid
	ManifestSize int64
	Manifest     *Manifest
	Core         *brain.Core
	Form         assets.Form
	Portrait     []byte
}

// get fetches a link's object, at most its declared size (itself bounded
// by ParseManifest), and checks it has exactly that size.
func get(ctx context.Context, s Store, l Link, max int64) ([]byte, error) {
	c, err := ParseCID(l.CID)
	if err != nil {
		return nil, err
	}
	data, err := s.Get(ctx, c, min(l.Size, max))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != l.Size {
		return nil, fmt.Errorf("%w: %s is %d bytes, its link says %d", ErrBadManifest, l.CID, len(data), l.Size)
	}
	return data, nil
}

// Fetch reads the Manifest at c and everything it links, validating each
// part before the next is fetched: the Manifest (ParseManifest), the Brain
// (brain.UnmarshalSpec), the Memories (bounded by the Brain, shapes, NaN and
// Inf refused by brain.DecodeMemories), the Core's ID against the
// Manifest's, the Form (assets.ParseForm) and its traits against the
// attributes, and the portrait as a PNG of the right size.
func Fetch(ctx context.Context, s Store, c cid.Cid) (*Fetched, error) {
	data, err := s.Get(ctx, c, MaxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("fetch manifest %s: %w", c, err)
	}
	m, err := ParseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %w", c, err)
	}
	d := &m.Dojo
	specBytes, err := get(ctx, s, d.Brain, MaxBrainSize)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: brain: %w", c, err)
	}
	spec, err := brain.UnmarshalSpec(specBytes)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: brain: %w", c, err)
	}
	memBytes, err := get(ctx, s, d.Memories, brain.MaxMemoriesBytes(&spec))
	if err != nil {
		return nil, fmt.Errorf("manifest %s: memories: %w", c, err)
	}
	mem, err := brain.DecodeMemories(&spec, memBytes)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: memories: %w", c, err)
	}
	core := &brain.Core{Spec: spec, Memories: mem}
	if id, err := core.ID(); err != nil || id != d.Core {
		return nil, fmt.Errorf("%w: manifest %s names Core %s but its links hold %s", ErrBadManifest, c, d.Core, id)
	}
	if d.ObsSpec != spec.ObsSpec || d.ActionSpec != spec.ActionSpec {
		return nil, fmt.Errorf("%w: manifest %s versions differ from its Brain's", ErrBadManifest, c)
	}
	formBytes, err := get(ctx, s, d.Form, assets.MaxFormSize)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: form: %w", c, err)
	}
	form, err := assets.ParseForm(formBytes)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: form: %w", c, err)
	}
	for i, a := range form.Attributes() {
		if i >= len(m.Attributes) || m.Attributes[i].TraitType != a.TraitType || m.Attributes[i].Value.Text != a.Value {
			return nil, fmt.Errorf("%w: manifest %s attributes do not match its Form (%s)", ErrBadManifest, c, a.TraitType)
		}
	}
	portrait, err := get(ctx, s, d.Portrait, MaxPortraitSize)
	if err != nil {
		return nil, fmt.Errorf("manifest %s: portrait: %w", c, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(portrait))
	if err != nil || cfg.Width != assets.PortraitSize || cfg.Height != assets.PortraitSize {
		return nil, fmt.Errorf("%w: manifest %s: the portrait is not a %d×%d PNG", ErrBadManifest, c, assets.PortraitSize, assets.PortraitSize)
	}
	return &Fetched{ManifestCID: c, ManifestSize: int64(len(data)), Manifest: m, Core: core, Form: form, Portrait: portrait}, nil
}

// Link is the link a following state's Manifest gives this one.
func (f *Fetched) Link() *Link {
	return &Link{CID: f.ManifestCID.String(), Size: f.ManifestSize, Type: TypeManifest}
}

// HistoryEntry is one state in a fighter's history.
type HistoryEntry struct {
	CID      cid.Cid
	Manifest *Manifest
}

// History walks the previous links from the Manifest at c back to the
// first one, newest first, reading each Manifest (validated, bounded by its
// link's size) and nothing else. It stops with an error after maxDepth
// steps or on a cycle.
func History(ctx context.Context, s Store, c cid.Cid, maxDepth int) ([]HistoryEntry, error) {
	var out []HistoryEntry
	seen := map[string]bool{}
	size := int64(MaxManifestSize)
	for {
		if seen[c.String()] {
			return out, fmt.Errorf("%w: history of %s loops at %s", ErrBadManifest, out[0].CID, c)
		}
		if len(out) >= maxDepth {
			return out, fmt.Errorf("history longer than %d manifests", maxDepth)
		}
		seen[c.String()] = true
		data, err := s.Get(ctx, c, size)
		if err != nil {
			return out, fmt.Errorf("history: manifest %s: %w", c, err)
		}
		m, err := ParseManifest(data)
		if err != nil {
			return out, fmt.Errorf("history: manifest %s: %w", c, err)
		}
		out = append(out, HistoryEntry{CID: c, Manifest: m})
		if m.Dojo.Previous == nil {
			return out, nil
		}
		if c, err = ParseCID(m.Dojo.Previous.CID); err != nil {
			return out, err
		}
		size = m.Dojo.Previous.Size
	}
}
