package app

import (
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// unifiedDiff is a patch that `git apply` and `patch -p1` accept: a/ and b/ names, /dev/null
// and @@ -0,0 +1,N @@ for a new file, and git's marker for a last line without a newline.
func unifiedDiff(name string, old []byte, exists bool, data []byte) (string, error) {
	from := "a/" + name
	if !exists {
		from = "/dev/null"
	}
	return unified(from, "b/"+name, diffLines(string(old)), diffLines(string(data)))
}

// unified is the one unified-diff writer (three lines of context) of render's diff and patch.
func unified(from, to string, a, b []string) (string, error) {
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: a, B: b, FromFile: from, ToFile: to, Context: 3})
}

// diffLines splits after each newline. difflib.SplitLines adds an empty last line, which
// becomes a line in the patch that no file has; a last line without a newline carries git's
// marker, so it differs from the same text with one, as it should.
func diffLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		return lines[:len(lines)-1]
	}
	lines[len(lines)-1] += "\n\\ No newline at end of file\n"
	return lines
}
