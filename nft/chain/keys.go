package chain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dojo-arena/dojo/internal/boundedfile"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
)

// Errors about keys. None of them, nor any error of this file, ever holds a
// passphrase or key material.
var (
	// ErrBadPassphrase: the passphrase does not decrypt the key.
	ErrBadPassphrase = errors.New("wrong passphrase for the keystore file")
	// ErrNoKey: the keystore holds no key (for the account asked).
	ErrNoKey = errors.New("no key")
)

// PasswordEnv is the environment variable a passphrase may come from.
const PasswordEnv = "DOJO_PASSWORD"

// maxKeyFile bounds a keystore file; real ones are under 1 KiB.
const maxKeyFile = 64 << 10

// Key is an account whose keystore file is known, not yet decrypted.
type Key struct {
	Address common.Address
	Path    string
}

// Keys lists the accounts of the go-ethereum keystore directory dir, sorted
// by address. Files that are not keystore files are skipped, as geth does.
func Keys(dir string) ([]Key, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("keystore %s: %w", dir, err)
	}
	var keys []Key
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		data, err := boundedfile.Read(path, maxKeyFile)
		if err != nil {
			continue
		}
		var head struct {
			Address string `json:"address"`
		}
		if json.Unmarshal(data, &head) != nil || !common.IsHexAddress(head.Address) {
			continue
		}
		keys = append(keys, Key{Address: common.HexToAddress(head.Address), Path: path})
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare(keys[i].Address[:], keys[j].Address[:]) < 0 })
	return keys, nil
}

// FindKey picks the key of account in dir, or the only key if account is
// empty.
func FindKey(dir, account string) (Key, error) {
	keys, err := Keys(dir)
	if err != nil {
		return Key{}, err
	}
	if account != "" {
		if !common.IsHexAddress(account) {
			return Key{}, fmt.Errorf("account %q is not an address", account)
		}
		want := common.HexToAddress(account)
		for _, k := range keys {
			if k.Address == want {
				return k, nil
			}
		}
		return Key{}, fmt.Errorf("%w for account %s in keystore %s", ErrNoKey, want.Hex(), dir)
	}
	switch len(keys) {
	case 0:
		return Key{}, fmt.Errorf("%w in keystore %s (create one with `geth account new --keystore %s`)", ErrNoKey, dir, dir)
	case 1:
		return keys[0], nil
	}
	return Key{}, fmt.Errorf("keystore %s holds %d accounts; pick one with --account", dir, len(keys))
}

// Signer decrypts the key with passphrase and returns transaction options
// that sign with it for chainID.
func (k Key) Signer(passphrase []byte, chainID *big.Int) (*bind.TransactOpts, error) {
	data, err := boundedfile.Read(k.Path, maxKeyFile)
	if err != nil {
		return nil, fmt.Errorf("read key of %s: %w", k.Address.Hex(), err)
	}
	key, err := keystore.DecryptKey(data, string(passphrase))
	if err != nil {
		if errors.Is(err, keystore.ErrDecrypt) {
			return nil, fmt.Errorf("%w (account %s, %s)", ErrBadPassphrase, k.Address.Hex(), k.Path)
		}
		// Other decryption errors name the file's format, never its content.
		return nil, fmt.Errorf("key of %s in %s is not a valid keystore file", k.Address.Hex(), k.Path)
	}
	if key.Address != k.Address {
		return nil, fmt.Errorf("keystore file %s claims %s but holds another key", k.Path, k.Address.Hex())
	}
	return bind.NewKeyedTransactorWithChainID(key.PrivateKey, chainID)
}

// Passphrase returns a keystore passphrase from, in order: the first line
// of file (as geth reads --password), the DOJO_PASSWORD variable read with
// getenv, or prompt (nil prompt: no terminal to ask on).
func Passphrase(file string, getenv func(string) string, prompt func() ([]byte, error)) ([]byte, error) {
	if file != "" {
		line, err := boundedfile.FirstLine(file, maxKeyFile)
		if err != nil {
			return nil, fmt.Errorf("password file: %w", err)
		}
		return line, nil
	}
	if v := getenv(PasswordEnv); v != "" {
		return []byte(v), nil
	}
	if prompt == nil {
		return nil, fmt.Errorf("no passphrase: give --password FILE or set %s", PasswordEnv)
	}
	return prompt()
}
