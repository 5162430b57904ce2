package assets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
)

// FormVersion is the version of the Form format (and of the trait lists
// below: adding a choice to a trait is a new version).
const FormVersion = 1

// TraitCount is the number of traits of a Form.
const TraitCount = 8

// MaxFormSize bounds a Form document; a real one is about 200 bytes.
const MaxFormSize = 4 << 10

// ErrBadForm marks a Form document that is not a valid one.
var ErrBadForm = errors.New("bad form")

// traits names every trait's choices, in code order. The contract stores
// the codes and bounds each by its count (TraitLimits).
var traits = [TraitCount]struct {
	name    string
	choices []string
}{
	{"build", []string{"lean", "average", "heavy"}},
	{"height", []string{"short", "medium", "tall"}},
	{"head", []string{"round", "square", "long"}},
	{"skin", []string{"porcelain", "ivory", "sand", "honey", "umber", "ebony"}},
	{"primary", colourNames[:]},
	{"secondary", colourNames[:]},
	{"headwear", []string{"none", "headband", "topknot", "hood", "horns"}},
	{"face", []string{"none", "mask", "scar", "visor"}},
}

var colourNames = [12]string{"crimson", "scarlet", "amber", "gold", "jade", "emerald", "teal", "azure", "cobalt", "violet", "charcoal", "snow"}

// TraitLimits is the number of choices of each trait, in order: build,
// height, head, skin, primary, secondary, headwear, face. The contract
// refuses a code at or above its limit.
var TraitLimits = func() (l [TraitCount]uint8) {
	for i, t := range traits {
		l[i] = uint8(len(t.choices))
	}
	return l
}()

// Form is how a fighter looks: body shape, palette and accessories, each a
// code below its trait's limit. It is fixed at mint; the portrait and the
// arena's sprites are rendered from it.
type Form struct {
	codes [TraitCount]uint8
}

// FormFromCodes makes a Form from trait codes, checking each bound.
func FormFromCodes(codes [TraitCount]uint8) (Form, error) {
	for i, c := range codes {
		if c >= TraitLimits[i] {
			return Form{}, fmt.Errorf("%w: %s code %d, must be below %d", ErrBadForm, traits[i].name, c, TraitLimits[i])
		}
	}
	return Form{codes: codes}, nil
}

// Codes returns the trait codes, as the contract stores them.
func (f Form) Codes() [TraitCount]uint8 { return f.codes }

// Trait returns the name of trait i's choice.
func (f Form) Trait(i int) string { return traits[i].choices[f.codes[i]] }

// FormOf draws a Form from a name (a bot's, a Core's identity): the same
// name gives the same Form. The seed is the name's 64-bit FNV-1a hash.
func FormOf(name string) Form {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	return RandomForm(h.Sum64())
}

// RandomForm draws a Form from seed: the same seed gives the same Form.
func RandomForm(seed uint64) Form {
	var f Form
	s := seed
	for i := range f.codes {
		s += 0x9e3779b97f4a7c15 // SplitMix64
		z := s
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		z ^= z >> 31
		f.codes[i] = uint8(z % uint64(TraitLimits[i]))
	}
	return f
}

// Attribute is one ERC-721 metadata attribute.
type Attribute struct {
	TraitType string `json:"trait_type"`
	Value     string `json:"value"`
}

// Attributes lists the Form's traits as ERC-721 attributes.
func (f Form) Attributes() []Attribute {
	out := make([]Attribute, TraitCount)
	for i, t := range traits {
		out[i] = Attribute{TraitType: t.name, Value: t.choices[f.codes[i]]}
	}
	return out
}

// formDoc is the JSON document of a Form.
type formDoc struct {
	Version   int    `json:"version"`
	Build     string `json:"build"`
	Height    string `json:"height"`
	Head      string `json:"head"`
	Skin      string `json:"skin"`
	Primary   string `json:"primary"`
	Secondary string `json:"secondary"`
	Headwear  string `json:"headwear"`
	Face      string `json:"face"`
}

func (d *formDoc) fields() [TraitCount]*string {
	return [TraitCount]*string{&d.Build, &d.Height, &d.Head, &d.Skin, &d.Primary, &d.Secondary, &d.Headwear, &d.Face}
}

// MarshalForm returns the Form's canonical JSON document: the same Form
// always gives the same bytes.
func MarshalForm(f Form) ([]byte, error) {
	d := formDoc{Version: FormVersion}
	for i, p := range d.fields() {
		*p = f.Trait(i)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ParseForm reads a Form document, validating everything: its size, its
// version, JSON with no duplicate or unknown keys, and every trait a known
// choice. Errors wrap ErrBadForm.
func ParseForm(data []byte) (Form, error) {
	if len(data) > MaxFormSize {
		return Form{}, fmt.Errorf("%w: %d bytes, at most %d", ErrBadForm, len(data), MaxFormSize)
	}
	var d formDoc
	if err := strictjson.Unmarshal(data, &d); err != nil {
		return Form{}, fmt.Errorf("%w: %v", ErrBadForm, err)
	}
	if d.Version != FormVersion {
		return Form{}, fmt.Errorf("%w: version %d, this dojo reads version %d", ErrBadForm, d.Version, FormVersion)
	}
	var f Form
	for i, p := range d.fields() {
		if err := safetext.Check(*p); err != nil {
			return Form{}, fmt.Errorf("%w: %s: %v", ErrBadForm, traits[i].name, err)
		}
		code := -1
		for c, name := range traits[i].choices {
			if name == *p {
				code = c
			}
		}
		if code < 0 {
			return Form{}, fmt.Errorf("%w: %s %q is not one of %v", ErrBadForm, traits[i].name, safetext.Escape(*p), traits[i].choices)
		}
		f.codes[i] = uint8(code)
	}
	return f, nil
}
