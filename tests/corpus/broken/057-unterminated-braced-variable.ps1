$v = ${abc
