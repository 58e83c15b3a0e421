package settings

import "strings"

// MaxFileSize bounds what Load reads: a settings file is a few hundred bytes, and a bound
// keeps hostile input (huge files, alias bombs) cheap to refuse.
const MaxFileSize = 1 << 20

// StdinName stands for the settings file in messages when it is read from stdin.
const StdinName = "<stdin>"

// Source remembers where values came from, to point problems at file:line, or at the flag or
// env var that set them.
type Source struct {
	File    string            // the last settings file (the most specific), "" when none
	Files   []string          // every settings file, in merge order
	lines   map[string]pos    // field path -> where the value that won was written
	origins map[string]string // lower-case field path -> "--flag" or "$ENV", which win over the files
	dropped []string          // field paths whose values had the wrong type, left out of the merge
}

// pos is a line of one settings file.
type pos struct {
	file string
	line int
}

// origin names the flag or env var that set path (or a parent of it), or "".
func (s *Source) origin(path string) string {
	if s == nil || s.origins == nil {
		return ""
	}
	for p := strings.ToLower(path); p != ""; p = parentPath(p) {
		if o, ok := s.origins[p]; ok {
			return o
		}
	}
	return ""
}

// Line returns the line of a field path in the settings file that set it, or 0.
func (s *Source) Line(path string) int { return s.at(path).line }

// at is where a field path (or its closest parent) was written; without a line, the last file.
func (s *Source) at(path string) pos {
	if s == nil {
		return pos{}
	}
	for p := path; p != "" && s.lines != nil; p = parentPath(p) {
		if l, ok := s.lines[p]; ok {
			return l
		}
	}
	return pos{file: s.File}
}

func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

func (s *Source) problem(id string, sev Severity, path, msg, fix string) Problem {
	p := Problem{ID: id, Severity: sev, Path: path, Msg: Redact(msg), Fix: Redact(fix)}
	if o := s.origin(path); o != "" {
		p.Origin = o // the value came from a flag or an env var, not from a line of the file
	} else if s != nil {
		at := s.at(path)
		p.File, p.Line = at.file, at.line
	}
	return p
}

// Setter says where the winning value of a field path came from: the settings file whose line
// set it ("" when no file did), or the flag or env var that overrides the files. A command that
// learns a value (a created app's client ID) edits that file, so no earlier file keeps a stale one.
func (s *Source) Setter(path string) (file, origin string) {
	if s == nil {
		return "", ""
	}
	if o := s.origin(path); o != "" {
		return "", o
	}
	for p, at := range s.lines {
		if strings.EqualFold(p, path) {
			return at.file, ""
		}
	}
	return "", ""
}
