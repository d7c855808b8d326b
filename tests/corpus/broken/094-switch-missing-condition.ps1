switch { 1 { 'one' } }
