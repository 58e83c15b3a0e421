package redact

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	const tok = "00CANARYabcdefghijklmnop-token"
	s := New(tok, "short", "")
	cases := []struct{ name, in, want string }{
		{"whole", "token " + tok + " end", "token [hidden] end"},
		{"prefix of 25", "echo: " + tok[:25], "echo: [hidden]"},
		{"middle run of 8", "x" + tok[5:13] + "y", "x[hidden]y"},
		{"run of 7 stays", "x" + tok[5:12] + "y", "x" + tok[5:12] + "y"},
		{"short secret whole", "a short b", "a [hidden] b"},
		{"userinfo", "GET https://user:pa55@host.example/api failed", "GET https://[hidden]@host.example/api failed"},
		{"user only", "http://admin@h/x", "http://[hidden]@h/x"},
		{"no userinfo", "mail me@example.com at https://h/x", "mail me@example.com at https://h/x"},
		{"erase line", "bad\r\x1b[2K\x1b[32mvalidation passed", `bad\r\x1b[2K\x1b[32mvalidation passed`},
		{"newline", "a\nb", `a\nb`},
		{"bidi", "a\u202eb", `a\u{202e}b`},
		{"C1 and DEL", "a\u009bb\x7f", `a\x9bb\x7f`},
		{"invalid utf8", "a\xffb", `a\xffb`},
		{"unicode kept", "héllo – ok", "héllo – ok"},
	}
	for _, c := range cases {
		if got := s.Text(c.in); got != c.want {
			t.Errorf("%s: Text(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// A secret split by an escape sequence could come out in pieces too short to match; hiding
// runs before escaping.
func TestHideBeforeEscape(t *testing.T) {
	const sec = "SECRETabcdef1234"
	got := New(sec).Text(sec[:9] + "\x1b" + sec[9:])
	if strings.Contains(got, sec[:8]) {
		t.Fatalf("leaked: %q", got)
	}
}

func TestClipHidesBeforeCut(t *testing.T) {
	const sec = "SECRETabcdef1234567890"
	msg := strings.Repeat("x", 290) + sec
	got := New(sec).Clip(msg, 300)
	if strings.Contains(got, sec[:8]) || strings.Contains(got, "SECRE") {
		t.Fatalf("a prefix leaked: %q", got[280:])
	}
}

func TestNilAndZero(t *testing.T) {
	var s *Secrets
	if got := s.Text("a\x1bb"); got != `a\x1bb` {
		t.Fatal(got)
	}
}
