package cli

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

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
// typed keys into a redirected stderr would hide them from the user. Windows consoles edit
// lines themselves (arrows, history) and may not render x/term's escape codes on stderr, so
// there omsso reads plain lines.
func newLineReader(stdin io.Reader, stderr io.Writer) lineReader {
	in, okIn := fileOf(stdin)
	out, okOut := stderr.(*os.File)
	if runtime.GOOS != "windows" && okIn && okOut && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) {
		if state, err := term.MakeRaw(int(in.Fd())); err == nil {
			t := term.NewTerminal(struct {
				io.Reader
				io.Writer
			}{in, out}, "")
			// x/term wraps at 80 columns unless told the width.
			if w, h, err := term.GetSize(int(out.Fd())); err == nil {
				_ = t.SetSize(w, h)
			}
			e := &editor{t: t, out: out, fd: int(in.Fd()), state: state}
			e.restoreOnSignal()
			return e
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
	t       *term.Terminal
	out     io.Writer // the terminal itself, past the editor's redrawing
	fd      int
	state   *term.State
	signals chan os.Signal
}

// restoreOnSignal gives the terminal back before a termination signal ends the process (a
// deferred restore would not run), then lets the signal do what it would have done.
func (e *editor) restoreOnSignal() {
	e.signals = make(chan os.Signal, 1)
	signal.Notify(e.signals, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig, ok := <-e.signals
		if !ok {
			return
		}
		_ = term.Restore(e.fd, e.state)
		signal.Reset(sig)
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Signal(sig)
		}
	}()
}

func (e *editor) Write(p []byte) (int, error) { return e.t.Write(p) }

func (e *editor) readLine(prompt string) (string, error) {
	e.t.SetPrompt(prompt)
	line, err := e.t.ReadLine()
	switch {
	case errors.Is(err, term.ErrPasteIndicator):
		return line, nil // a pasted answer is an answer
	case errors.Is(err, io.EOF):
		// Straight to the terminal (through the editor, the prompt would be drawn again): the
		// error then starts a line of its own.
		_, _ = io.WriteString(e.out, "^C\r\n")
		return "", errInterrupted
	}
	return line, err
}

func (e *editor) close() {
	signal.Stop(e.signals)
	close(e.signals)
	_ = term.Restore(e.fd, e.state)
}

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
