class Foo {
    [int] $X
