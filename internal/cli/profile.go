package cli

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// profiler backs the hidden --cpuprofile flag: a cold run is what users pay, and only a
// profile of the real process shows what is paid once per process (init, first use of a model).
type profiler struct {
	file string
	out  *os.File
}

func (p *profiler) add(root *cobra.Command) {
	root.PersistentFlags().StringVar(&p.file, "cpuprofile", "", "write a CPU profile of this run to the file")
	mustRegister(root.PersistentFlags().MarkHidden("cpuprofile"))
	before := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if before != nil {
			if err := before(cmd, args); err != nil {
				return err
			}
		}
		return p.start()
	}
}

func (p *profiler) start() error {
	if p.file == "" {
		return nil
	}
	f, err := os.Create(p.file)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	p.out = f
	return nil
}

func (p *profiler) stop() {
	if p.out != nil {
		pprof.StopCPUProfile()
		p.out.Close()
	}
}
