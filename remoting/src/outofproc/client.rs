//! Client side of the OutOfProc transport.
