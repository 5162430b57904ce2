package nft_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dojo-arena/dojo/nft"
)

// ExampleParseManifest reads the committed example manifest, then one whose
// description would clear a terminal: the one reader refuses it, naming the
// field, before any link is followed.
func ExampleParseManifest() {
	data, err := os.ReadFile("testdata/manifest.golden")
	if err != nil {
		fmt.Println(err)
		return
	}
	data = data[strings.IndexByte(string(data), '\n')+1:] // the golden's version line
	m, err := nft.ParseManifest(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name, m.Dojo.Version, m.Dojo.Memories.Type, m.Image == "ipfs://"+m.Dojo.Portrait.CID)

	hostile := strings.Replace(string(data), `"A sage`, `"\u001b[2JA sage`, 1)
	_, err = nft.ParseManifest([]byte(hostile))
	fmt.Println(errors.Is(err, nft.ErrBadManifest), strings.Contains(err.Error(), "description"))
	// Output:
	// Kestrel 1 dojo.memories/1 true
	// true true
}
