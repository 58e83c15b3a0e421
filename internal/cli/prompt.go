package cli

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// lineReader reads init's answers. On a terminal it is a line editor (x/term's: arrow keys,
// Home/End, Ctrl-A/E/K/U/W, and the earlier answers on Up/Down), elsewhere lines of the input.
// Messages between prompts go through it, so they land right while the terminal is raw.
type lineReader interface {
	io.Writer
	readLine(prompt string) (string, error)
	close()
}

// errInterrupted is Ctrl-C or Ctrl-D on the line editor: raw mode turns them into keys.
var errInterrupted = errors.New("interrupted")

// newLineReader edits lines when both the input and the messages are one terminal's; echoing
// typed keys into a redirected stderr would hide them from the user.
func newLineReader(stdin io.Reader, stderr io.Writer) lineReader {
	in, okIn := fileOf(stdin)
	out, okOut := stderr.(*os.File)
	if okIn && okOut && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) {
		if state, err := term.MakeRaw(int(in.Fd())); err == nil {
			t := term.NewTerminal(struct {
				io.Reader
				io.Writer
			}{in, out}, "")
			return &editor{t: t, fd: int(in.Fd()), state: state}
		}
	}
	return &plainLines{in: bufio.NewReader(stdin), w: stderr}
}

func fileOf(r io.Reader) (*os.File, bool) {
	if l, ok := r.(lazyReader); ok {
		r = l.File()
	}
	f, ok := r.(*os.File)
	return f, ok
}

type editor struct {
	t     *term.Terminal
	fd    int
	state *term.State
}

func (e *editor) Write(p []byte) (int, error) { return e.t.Write(p) }

func (e *editor) readLine(prompt string) (string, error) {
	e.t.SetPrompt(prompt)
	line, err := e.t.ReadLine()
	switch {
	case errors.Is(err, term.ErrPasteIndicator):
		return line, nil // a pasted answer is an answer
	case errors.Is(err, io.EOF):
		return "", errInterrupted
	}
	return line, err
}

func (e *editor) close() { _ = term.Restore(e.fd, e.state) }

type plainLines struct {
	in *bufio.Reader
	w  io.Writer
}

func (p *plainLines) Write(b []byte) (int, error) { return p.w.Write(b) }

func (p *plainLines) readLine(prompt string) (string, error) {
	if _, err := io.WriteString(p.w, prompt); err != nil {
		return "", err
	}
	line, err := p.in.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (p *plainLines) close() {}
