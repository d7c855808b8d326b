try { 1 } finally { return }
