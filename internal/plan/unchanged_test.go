package plan_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/omsso/omsso/internal/plan"
)

type failing struct{ err error }

func (f failing) Plan(context.Context) (*plan.Plan, error) {
	return &plan.Plan{Target: "t", Changes: []plan.Change{{Resource: "r", Field: "f", Action: "update"}}}, nil
}
func (f failing) Apply(context.Context, *plan.Plan, io.Writer) error { return f.err }

// An Apply error marked Unchanged is reported as it is; others ask to run apply again.
func TestUnchanged(t *testing.T) {
	base := errors.New("validation failed")
	for _, c := range []struct {
		err   error
		again bool
	}{{plan.Unchanged(base), false}, {base, true}} {
		var out bytes.Buffer
		_, err := plan.Run(context.Background(), failing{c.err}, plan.Options{Apply: true, AutoApprove: true, Out: &out, Err: &out})
		if !errors.Is(err, base) || strings.Contains(err.Error(), "run apply again") != c.again {
			t.Errorf("%v", err)
		}
	}
}
