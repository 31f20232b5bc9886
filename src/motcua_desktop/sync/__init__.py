"""The USB mailbox: keys, signed and encrypted bundles, payloads, sticks and provisioning files."""
