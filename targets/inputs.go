package targets

// ServerInput is what one OpenMetadata process reads at start: the config text before the
// server's ${...} substitution, and the environment that substitution sees. Every deploy target
// reduces its files to these, through the models of its consumers' layers; the server's own
// layers (substitution, YAML, binding) are then the same for all.
type ServerInput struct {
	Text string
	Env  map[string]string
}
