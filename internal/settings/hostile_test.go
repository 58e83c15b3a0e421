package settings_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/settings"
)

func aliasBomb() string {
	var b strings.Builder
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, c := range "bcdefghijklmnop" {
		n := string(c)
		b.WriteString(n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 8) + "*" + prev + "]\n")
		prev = n
	}
	return b.String()
}

func write(b *testing.B, name string, data []byte) string {
	p := filepath.Join(b.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// An alias bomb (9^16 nodes if expanded) is refused without expanding it.
func BenchmarkRejectAliasBomb(b *testing.B) {
	p := write(b, "omsso.yaml", []byte(aliasBomb()))
	for b.Loop() {
		if _, err := settings.Load(settings.Options{File: p}); err == nil || !strings.Contains(err.Error(), "anchors and aliases") {
			b.Fatal(err)
		}
	}
}

// A 10 MB settings file is refused after reading just over the 1 MiB limit.
func BenchmarkReject10MB(b *testing.B) {
	p := write(b, "omsso.yaml", bytes.Repeat([]byte("# padding line of a huge settings file\n"), 10<<20/39))
	for b.Loop() {
		if _, err := settings.Load(settings.Options{File: p}); err == nil || !strings.Contains(err.Error(), "larger than") {
			b.Fatal(err)
		}
	}
}
