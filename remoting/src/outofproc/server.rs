//! Server side of the OutOfProc transport.
