package training

// Validate reports whether Train accepts c (its zero fields taking
// DefaultConfig's values), with the error Train would give, so that a
// caller can refuse a bad configuration before loading any data.
func (c Config) Validate() error { return c.withDefaults().validate() }
