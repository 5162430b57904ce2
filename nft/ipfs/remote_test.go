package ipfs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestDialNoDaemon(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	_, err := Dial(context.Background(), u)
	if err == nil || !strings.Contains(err.Error(), u) {
		t.Fatalf("Dial to a closed port: err %v, want one naming %s", err, u)
	}
}

// A daemon that serves other bytes than the CID names, of the right size,
// is caught by Get.
func TestRemoteGetVerifiesCID(t *testing.T) {
	want := payload(1, 1000)
	c, err := HashOnly(want)
	if err != nil {
		t.Fatal(err)
	}
	lie := payload(2, len(want))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v0/version":
			fmt.Fprint(w, `{"Version":"0.43.1"}`)
		case "/api/v0/files/stat":
			fmt.Fprintf(w, `{"Hash":%q,"Size":%d,"CumulativeSize":%d,"Blocks":0,"Type":"file"}`, c, len(lie), len(lie))
		case "/api/v0/cat":
			w.Write(lie)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	r, err := Dial(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Get(context.Background(), c, 1<<20)
	if err == nil || !strings.Contains(err.Error(), "hash to") {
		t.Fatalf("Get of lying bytes: err %v, want a CID mismatch", err)
	}
	// A daemon that sends more than it announced is cut at max+1.
	_, err = r.Get(context.Background(), c, int64(len(lie))-1)
	if err == nil {
		t.Fatal("Get with a max below the size succeeded")
	}
}

// A daemon that never answers the stat (a CID it is still looking for on
// the network) makes Get fail when ctx expires.
func TestRemoteGetHonoursContext(t *testing.T) {
	c, err := HashOnly(payload(3, 10))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v0/version" {
			fmt.Fprint(w, `{"Version":"0.43.1"}`)
			return
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	r, err := Dial(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = r.Get(ctx, c, 100)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get from a daemon that never answers: err %v, want DeadlineExceeded", err)
	}
}
