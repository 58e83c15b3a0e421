package targets

import (
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/omsso/omsso/internal/settings"
)

// ComposeEnvOwn is the Docker proof's load of omsso's own compose files, for tests that
// compare it with compose-go's full load.
func ComposeEnvOwn(r *settings.Resolved, bases []types.ConfigFile, files []File) (map[string]map[string]string, error) {
	return composeEnv(r, bases, files, nil, true)
}
