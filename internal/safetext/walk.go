package safetext

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// CheckAll applies Check to every string reachable from v: string fields of
// structs (exported ones), elements of slices and arrays, keys and values
// of maps, through pointers and interfaces. The error names where the
// string is, by JSON field names where the struct has tags, e.g.
// `training.method: control character U+001B at byte 0`. Decoders call it
// on what they decoded, so that a field added later is covered too.
func CheckAll(v any) error {
	return walk(reflect.ValueOf(v), "")
}

func walk(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.String:
		if err := Check(v.String()); err != nil {
			if path == "" {
				return err
			}
			return fmt.Errorf("%s: %w", path, err)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return walk(v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walk(v.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		// A fixed order, so the same value always gives the same error.
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			if err := walk(k, path+"{key}"); err != nil {
				return err
			}
			if err := walk(v.MapIndex(k), path+"["+strconv.Quote(fmt.Sprint(k))+"]"); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == "-" {
				continue
			} else if tag != "" {
				name = tag
			}
			if path != "" {
				name = path + "." + name
			}
			if err := walk(v.Field(i), name); err != nil {
				return err
			}
		}
	}
	return nil
}
