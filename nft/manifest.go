package nft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// ManifestVersion is the version of the Manifest format.
const ManifestVersion = 1

// Size bounds, checked before anything is downloaded: a link that declares
// more is refused, and no object is read past its declared size.
const (
	MaxManifestSize = 64 << 10
	MaxBrainSize    = 16 << 10
	MaxPortraitSize = 1 << 20
	MaxNameLen      = 64
	MaxTextLen      = 2000
	maxAttributes   = 64
	maxDemos        = 256
)

// MaxMemoriesSize is the largest Memories of any archetype: the bound on a
// memories link before its Brain is known (then the Brain's own bound,
// brain.MaxMemoriesBytes, applies).
var MaxMemoriesSize = func() int64 {
	var m int64
	for _, a := range brain.Archetypes() {
		s, err := brain.NewSpec(a)
		if err != nil {
			panic(err)
		}
		m = max(m, brain.MaxMemoriesBytes(&s))
	}
	return m
}()

// Link types: what each object of a Manifest is.
const (
	TypeBrain    = "dojo.brain/1"
	TypeMemories = "dojo.memories/1"
	TypeForm     = "dojo.form/1"
	TypePortrait = "image/png"
	TypeManifest = "dojo.manifest/1"
	TypeDemo     = "dojo.demo/2"
)

// ErrBadManifest marks a Manifest that is not a valid one.
var ErrBadManifest = errors.New("bad manifest")

// Link names one IPFS object with its type and exact size.
type Link struct {
	CID  string `json:"cid"`
	Size int64  `json:"size"`
	Type string `json:"type"`
}

// Attribute is an ERC-721 metadata attribute: a trait and its value, text or
// number.
type Attribute struct {
	TraitType   string `json:"trait_type"`
	DisplayType string `json:"display_type,omitempty"`
	Value       Value  `json:"value"`
}

// Value is an attribute's value: text, or a finite number.
type Value struct {
	Text     string
	Number   float64
	IsNumber bool
}

// Text and Number make attribute values.
func Text(s string) Value      { return Value{Text: s} }
func Number(n float64) Value   { return Value{Number: n, IsNumber: true} }
func (v Value) String() string { return v.render() }

func (v Value) render() string {
	if v.IsNumber {
		return strconv.FormatFloat(v.Number, 'f', -1, 64)
	}
	return v.Text
}

// MarshalJSON writes a number or a string.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.IsNumber {
		if math.IsNaN(v.Number) || math.IsInf(v.Number, 0) {
			return nil, errors.New("attribute value is not finite")
		}
		return []byte(strconv.FormatFloat(v.Number, 'f', -1, 64)), nil
	}
	return json.Marshal(v.Text)
}

// UnmarshalJSON reads a number or a string.
func (v *Value) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		*v = Value{}
		return json.Unmarshal(data, &v.Text)
	}
	n, err := strconv.ParseFloat(string(data), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return fmt.Errorf("attribute value %.20q is neither text nor a finite number", data)
	}
	*v = Value{Number: n, IsNumber: true}
	return nil
}

// Token says which token a Manifest belongs to. The first Manifest of a
// fighter has none (its id is known only once minted); every save has one.
type Token struct {
	ChainID  uint64 `json:"chain_id"`
	Contract string `json:"contract"`
	ID       string `json:"id"`
}

// Dojo is the part of a Manifest that only Dojo reads: versions and links.
type Dojo struct {
	Version    int    `json:"version"`
	Rules      int    `json:"rules"`
	ObsSpec    int    `json:"obs_spec"`
	ActionSpec int    `json:"action_spec"`
	Core       string `json:"core"`
	// Save counts the saves before this state: 0 for the minted Core.
	Save           uint64 `json:"save"`
	Token          *Token `json:"token,omitempty"`
	Brain          Link   `json:"brain"`
	Memories       Link   `json:"memories"`
	Form           Link   `json:"form"`
	Portrait       Link   `json:"portrait"`
	Previous       *Link  `json:"previous,omitempty"`
	Demonstrations []Link `json:"demonstrations,omitempty"`
}

// Manifest is the JSON document a token points to: ERC-721 metadata (name,
// description, image, attributes) that wallets and marketplaces read, plus
// the links to the fighter's Brain, Memories, Form and previous Manifest.
type Manifest struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Image       string      `json:"image"`
	Attributes  []Attribute `json:"attributes"`
	Dojo        Dojo        `json:"dojo"`
}

// MarshalManifest returns the Manifest's canonical bytes: the same Manifest
// gives the same bytes, so the same state gets the same CID.
func MarshalManifest(m *Manifest) ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ParseManifest reads a Manifest, validating everything before any of its
// links is followed: its size, JSON with no duplicate or unknown keys, the
// version, every link's CID, type and size bound, the image matching the
// portrait, and no text that could act on a terminal. Errors wrap
// ErrBadManifest and name the field.
func ParseManifest(data []byte) (*Manifest, error) {
	if len(data) > MaxManifestSize {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrBadManifest, len(data), MaxManifestSize)
	}
	var m Manifest
	if err := strictjson.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadManifest, err)
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

func (m *Manifest) validate() error {
	bad := func(field, format string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrBadManifest, field, fmt.Sprintf(format, a...))
	}
	d := &m.Dojo
	if d.Version != ManifestVersion {
		return bad("dojo.version", "%d, this dojo reads version %d", d.Version, ManifestVersion)
	}
	if err := safetext.CheckAll(m); err != nil {
		return bad("text", "%v", err)
	}
	if m.Name == "" || len(m.Name) > MaxNameLen {
		return bad("name", "must be 1 to %d bytes", MaxNameLen)
	}
	if len(m.Description) > MaxTextLen {
		return bad("description", "longer than %d bytes", MaxTextLen)
	}
	if len(m.Attributes) > maxAttributes {
		return bad("attributes", "more than %d", maxAttributes)
	}
	for i, a := range m.Attributes {
		if a.TraitType == "" || len(a.TraitType) > MaxNameLen || len(a.Value.Text) > MaxNameLen || len(a.DisplayType) > MaxNameLen {
			return bad(fmt.Sprintf("attributes[%d]", i), "trait or value empty or too long")
		}
	}
	if !brain.IsCoreID(d.Core) {
		return bad("dojo.core", "%q is not a Core ID", safetext.Escape(d.Core))
	}
	if d.Token != nil {
		if d.Token.ChainID == 0 || !IsAddress(d.Token.Contract) {
			return bad("dojo.token", "chain id or contract invalid")
		}
		id := d.Token.ID
		if id == "" || len(id) > 78 || strings.TrimLeft(id, "0123456789") != "" || id[0] == '0' {
			return bad("dojo.token.id", "%q is not a token id", safetext.Escape(id))
		}
	}
	links := []struct {
		field string
		l     *Link
		typ   string
		max   int64
	}{
		{"dojo.brain", &d.Brain, TypeBrain, MaxBrainSize},
		{"dojo.memories", &d.Memories, TypeMemories, MaxMemoriesSize},
		{"dojo.form", &d.Form, TypeForm, assets.MaxFormSize},
		{"dojo.portrait", &d.Portrait, TypePortrait, MaxPortraitSize},
	}
	if d.Previous != nil {
		links = append(links, struct {
			field string
			l     *Link
			typ   string
			max   int64
		}{"dojo.previous", d.Previous, TypeManifest, MaxManifestSize})
	}
	if len(d.Demonstrations) > maxDemos {
		return bad("dojo.demonstrations", "more than %d", maxDemos)
	}
	for i := range d.Demonstrations {
		links = append(links, struct {
			field string
			l     *Link
			typ   string
			max   int64
		}{fmt.Sprintf("dojo.demonstrations[%d]", i), &d.Demonstrations[i], TypeDemo, 1 << 30})
	}
	for _, x := range links {
		if _, err := ParseCID(x.l.CID); err != nil {
			return bad(x.field+".cid", "%v", err)
		}
		if x.l.Type != x.typ {
			return bad(x.field+".type", "%q, want %q", safetext.Escape(x.l.Type), x.typ)
		}
		if x.l.Size < 0 || x.l.Size > x.max {
			return bad(x.field+".size", "%d, must be 0 to %d", x.l.Size, x.max)
		}
	}
	if m.Image != "ipfs://"+d.Portrait.CID {
		return bad("image", "%q is not ipfs:// + the portrait's CID", safetext.Escape(m.Image))
	}
	return nil
}
