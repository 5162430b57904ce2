//go:build linux && !android

package view

/*
#cgo pkg-config: alsa
#include <alsa/asoundlib.h>

static void quiet(const char *file, int line, const char *function, int err, const char *fmt, ...) {}

static int probe(void) {
	snd_lib_error_set_handler(quiet);
	snd_pcm_t *h;
	int err = snd_pcm_open(&h, "default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
	if (err < 0) {
		return err;
	}
	snd_pcm_close(h);
	return 0;
}
*/
import "C"

import "fmt"

// probeDevice opens and closes ALSA's default playback device, the one
// Ebiten's audio (oto) opens.
func probeDevice() error {
	if e := C.probe(); e < 0 {
		return fmt.Errorf("no sound device (ALSA: %s)", C.GoString(C.snd_strerror(e)))
	}
	return nil
}
