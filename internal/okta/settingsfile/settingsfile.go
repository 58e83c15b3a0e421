// Package settingsfile writes a value omsso learned from Okta (a new client ID, a new
// authorization server id) back into the user's YAML settings file, in place: only the one
// value changes (or one line is added); comments, order, quoting and line endings stay byte
// for byte, as patch does for openmetadata.yaml. The old file is kept as a backup once, and
// the new one lands by temp file + rename.
package settingsfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/omsso/omsso/internal/files"
)

// BackupSuffix names the copy of the settings file kept before the first edit.
const BackupSuffix = ".omsso-backup"

// ErrNotYAML says the file is JSON or TOML, which omsso does not edit in place.
var ErrNotYAML = errors.New("only YAML settings files are edited in place")

// SetOkta sets okta.<key> to value in the YAML file at path. It returns the backup's path
// ("" when one already existed from an earlier edit).
func SetOkta(path, key, value string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".yaml" && ext != ".yml" {
		return "", ErrNotYAML
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	out, err := Edit(data, key, value)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	backup := ""
	switch _, err := os.Stat(path + BackupSuffix); {
	case errors.Is(err, os.ErrNotExist):
		if _, err := files.WriteAtomic(path+BackupSuffix, data, st.Mode().Perm()); err != nil {
			return "", fmt.Errorf("keeping a backup of %s: %w", path, err)
		}
		backup = path + BackupSuffix
	case err != nil:
		// An existing backup is kept; one omsso cannot even look at is no backup.
		return "", fmt.Errorf("keeping a backup of %s: %w", path, err)
	}
	if _, err := files.WriteAtomic(path, out, st.Mode().Perm()); err != nil {
		return "", err
	}
	return backup, nil
}

// Edit returns data with okta.<key> set to value. value must be a plain YAML word (client and
// server ids and issuer URLs are: letters, digits and -_.~:/), checked here.
func Edit(data []byte, key, value string) ([]byte, error) {
	if !plain(value) {
		return nil, fmt.Errorf("%q is not a plain word; refusing to write it", value)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("cannot parse as YAML: %w", err)
	}
	text := string(data)
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	block := "okta:" + nl + "  " + key + ": " + value + nl
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		if strings.TrimSpace(text) != "" {
			return nil, errors.New("the top level is not a mapping")
		}
		return []byte(block), nil
	}
	okta := lookup(root.Content[0], "okta")
	if okta == nil {
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += nl
		}
		return []byte(text + block), nil
	}
	if okta.Kind != yaml.MappingNode || okta.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("okta: is not a block mapping; set " + key + " by hand")
	}
	lines := strings.SplitAfter(text, "\n")
	if v := lookup(okta, key); v != nil {
		return replaceValue(lines, v, key, value)
	}
	return insertKey(lines, okta, key, value, nl)
}

// replaceValue rewrites the scalar v (okta.<key>) on its line, leaving the rest of the line.
func replaceValue(lines []string, v *yaml.Node, key, value string) ([]byte, error) {
	if v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, fmt.Errorf("line %d: okta.%s has a form omsso cannot edit; set it by hand", v.Line, key)
	}
	li := v.Line - 1
	line := lines[li]
	start := byteCol(line, v.Column)
	end := tokenEnd(line, start, v)
	if end < 0 {
		return nil, fmt.Errorf("line %d: okta.%s does not end on its line; set it by hand", v.Line, key)
	}
	if v.Tag == "!!null" && v.Value == "" && start >= len(strings.TrimRight(line, " \t\r\n")) {
		// "clientId:" with nothing after it: the column points past the colon.
		body := strings.TrimRight(line, "\r\n")
		lines[li] = body + " " + value + line[len(body):]
	} else {
		lines[li] = line[:start] + value + line[end:]
	}
	return []byte(strings.Join(lines, "")), nil
}

// insertKey adds "key: value" after the last line of the okta mapping, indented like its
// first key.
func insertKey(lines []string, okta *yaml.Node, key, value, nl string) ([]byte, error) {
	if len(okta.Content) == 0 {
		return nil, errors.New("okta: is empty; set " + key + " by hand")
	}
	indent := strings.Repeat(" ", okta.Content[0].Column-1)
	at := lastLine(okta) // 1-based line index of the mapping's last line
	ins := indent + key + ": " + value + nl
	if at > len(lines) {
		at = len(lines)
	}
	if at > 0 && !strings.HasSuffix(lines[at-1], "\n") {
		lines[at-1] += nl
	}
	lines = append(lines[:at], append([]string{ins}, lines[at:]...)...)
	return []byte(strings.Join(lines, "")), nil
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strings.EqualFold(m.Content[i].Value, key) {
			return m.Content[i+1]
		}
	}
	return nil
}

func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		if cl := lastLine(c); cl > l {
			l = cl
		}
	}
	return l
}

// byteCol turns yaml's 1-based rune column into a byte offset.
func byteCol(line string, col int) int {
	runes := 0
	for i := range line {
		if runes == col-1 {
			return i
		}
		runes++
	}
	return len(line)
}

// tokenEnd finds where the scalar starting at start ends on its line, or -1.
func tokenEnd(line string, start int, v *yaml.Node) int {
	body := strings.TrimRight(line, "\r\n")
	if start >= len(body) {
		return start
	}
	switch body[start] {
	case '"', '\'':
		q := body[start]
		for i := start + 1; i < len(body); i++ {
			if q == '"' && body[i] == '\\' {
				i++
				continue
			}
			if body[i] == q {
				if q == '\'' && i+1 < len(body) && body[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return -1
	}
	end := start
	for end < len(body) && !(body[end] == ' ' && end+1 < len(body) && body[end+1] == '#') && !(body[end] == ' ' && strings.TrimSpace(body[end:]) == "") {
		end++
	}
	if strings.TrimSpace(body[start:end]) != v.Value {
		return -1
	}
	return end
}

func plain(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~:/", r)) {
			return false
		}
	}
	// URLs (an issuer) are plain too, as long as no ": " or " #" makes YAML read them otherwise.
	return !strings.ContainsAny(s[:1], "-.~:/") && !strings.HasSuffix(s, ":")
}

// HasOkta reports whether the YAML file at path sets okta.<key>.
func HasOkta(path, key string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return false
	}
	okta := lookup(root.Content[0], "okta")
	return okta != nil && okta.Kind == yaml.MappingNode && lookup(okta, key) != nil
}
