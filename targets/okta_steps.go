package targets

import (
	"path/filepath"

	"github.com/omsso/omsso/internal/settings"
)

// NextSteps implements Target.
func (Okta) NextSteps(_ *settings.Resolved, dir string, _ func(string) string) []string {
	return []string{"follow " + filepath.Join(dir, filepath.FromSlash(OktaSetup)) + " in the Okta Admin Console"}
}
